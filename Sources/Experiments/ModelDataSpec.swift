import Foundation
import Formats
import Tensors

/// A `model:` entry of a sweep's `data` list: quantized inference of a whole model on a corpus,
/// measured against the FP32 model (`ModelCell`). Keys (YAML):
/// - `model`: the model (`minilm`); `name`: the display name (default: the model's);
/// - `corpus`: a text file, or a folder whose `*.txt` files are read in name order (one sentence per
///   line, UTF-8; default `Experiments/data`); `sentences`: the first N lines (default all, at least 2);
/// - `weights`, `activations`: format specs of every linear layer's operands (`fp32` for none; groups
///   along the reduction axis); the cells are their product, under every transform and rounding;
/// - `exceptions`: per-site formats, `GLOB:w=SPEC,a=SPEC` (as `quantlab model compare --except`);
/// - `accumulator` (exact, fp32, bf16, fp16, fp:eXmY) and `promotion` N: the linear layers then run
///   through the emulated-accumulator GEMM; without them, the FP32 product.
public struct ModelDataSpec: Sendable, Equatable {
    public var name: String
    public var model: ModelDescription
    /// The corpus as written, the files it names and the SHA-256 of their bytes (each file's name
    /// length, name and bytes, in order).
    public var corpus: String
    public var corpusFiles: [String]
    public var corpusDigest: String
    public var sentences: Int
    /// nil: FP32 (no quantization of that operand).
    public var weights: [ParsedFormat?]
    public var activations: [ParsedFormat?]
    public var exceptions: [String]
    public var accumulator: String?
    public var promotion: Int?

    public static let keys = ["model", "name", "corpus", "sentences", "weights", "activations", "exceptions", "accumulator", "promotion"]
    public static let defaultCorpus = "Experiments/data"

    /// The text `fp32`/`none` (nil) or a parsed format.
    public static func format(_ text: String) throws -> ParsedFormat? {
        text == "fp32" || text == "none" ? nil : try ParsedFormat(parsing: text)
    }

    /// The spec text of an operand format (`fp32` for none).
    public static func spec(_ format: ParsedFormat?) -> String { format?.spec ?? "fp32" }

    /// How the source appears in results: `model:NAME corpus=PATH sentences=N`.
    public var sourceText: String { "model:\(model.name) corpus=\(corpus) sentences=\(sentences)" }

    /// The files of a corpus path (a file, or a folder's `*.txt` in name order) and the number of
    /// lines they hold; throws one line naming the file (and line) that cannot be used.
    public static func corpusFiles(_ path: String) throws -> (files: [String], lines: Int, digest: String) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SpecValueError(message: "corpus '\(path)' does not exist")
        }
        var files = [path]
        if isFolder.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.hasSuffix(".txt") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            guard !files.isEmpty else { throw SpecValueError(message: "corpus folder '\(path)' holds no .txt file") }
        }
        var lines = 0
        var stream = SHA256.Stream()
        for file in files {
            let bytes: [UInt8]
            do { bytes = try RegularFile.contents(atPath: file) } catch {
                throw SpecValueError(message: "corpus file '\(file)': \(RegularFile.problem(error))")
            }
            guard !bytes.isEmpty else { throw SpecValueError(message: "corpus file '\(file)' is empty") }
            var split = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if split.last?.isEmpty == true { split.removeLast() }
            for (i, line) in split.enumerated() where String(validating: Array(line), as: UTF8.self) == nil {
                throw SpecValueError(message: "corpus file '\(file)': line \(i + 1) is not valid UTF-8")
            }
            lines += split.count
            let name = Array((file as NSString).lastPathComponent.utf8)
            for part in [Array("\(name.count):".utf8), name, Array("\(bytes.count):".utf8), bytes] {
                part.withUnsafeBytes { stream.update($0) }
            }
        }
        return (files, lines, stream.finalize())
    }
}
