import Yams

/// A notebook block that is not a sweep: `study: KIND` and the kind's keys (`StudySpec.kinds`),
/// read here with file, line and key in every error, run by Workflows' `StudyRunner`. Values are
/// kept typed: text, a non-negative integer, or a list of numbers.
public struct StudySpec: Sendable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case count(Int)
        case numbers([Double])
    }

    /// The kinds, each with its keys and their defaults (every key a kind accepts has one).
    public static let kinds: [String: [(key: String, value: Value)]] = [
        "minilm-files": [("directory", .text("Reports/.cache/minilm")), ("text", .text("Experiments/data/minilm-corpus.txt")),
                         ("tokens", .count(256)), ("score_sentences", .count(24))],
        "int-vs-fp-model": [("kappa", .numbers([1.5, 2, 2.5, 3, 4, 6]))],
        "int-vs-fp-blocks": [("data", .text("gaussian")), ("rule", .text("rceil")), ("rotation", .count(0)), ("wide", .count(0)),
                             ("rows", .count(512)), ("seed", .count(2510)), ("bins_per_unit", .count(8)), ("min_blocks", .count(30)),
                             ("weights", .text("Reports/.cache/minilm/weights.safetensors")),
                             ("activations", .text("Reports/.cache/minilm/activations.safetensors"))],
        "int-vs-fp-tensors": [("weights", .text("Reports/.cache/minilm/weights.safetensors")),
                              ("activations", .text("Reports/.cache/minilm/activations.safetensors")),
                              ("block_sizes", .numbers([-1, 256, 128, 64, 32, 16])), ("seed", .count(2510))],
        "dyadic-scales": [("bits", .numbers([8, 16, 24, 31])), ("scales", .count(100_000)), ("seed", .count(1))],
        "requantization": [("weights", .text("Reports/.cache/minilm/weights.safetensors")),
                           ("activations", .text("Reports/.cache/minilm/activations.safetensors")),
                           ("bits", .numbers([8, 16, 24, 31])), ("output_bits", .count(8))],
        "integer-operators": [("scales", .numbers([0.01, 0.02, 0.05, 0.1])), ("rows", .count(64)), ("width", .count(128)), ("seed", .count(1)),
                              ("weights", .text("Reports/.cache/minilm/weights.safetensors")),
                              ("activations", .text("Reports/.cache/minilm/activations.safetensors"))],
        "cross-kernel": [("alphas", .numbers([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])), ("bits", .numbers([8, 4])),
                         ("outliers", .text("outliers(shape=256x768, channels=8, factor=50, std=1, seed=2410)")),
                         ("control", .text("normal(shape=256x768, std=1, seed=2410)")),
                         ("activations", .text("Reports/.cache/minilm/activations.safetensors"))],
        "bipolar-int": [("bits", .numbers([2, 3, 4, 8])), ("gaussian", .text("normal(shape=2048x4096, std=1, seed=0)")),
                        ("weights", .text("Reports/.cache/minilm/weights.safetensors")), ("products", .count(4)), ("depth", .count(130)),
                        ("seed", .count(1))],
        "llm-int8": [("threshold", .numbers([6])), ("layer_share", .numbers([0.25])), ("position_share", .numbers([0.06])), ("listed", .count(8)),
                     ("activations", .text("outliers(shape=256x1024, channels=6, factor=20, std=1, seed=2208)")),
                     ("weights", .text("normal(shape=1024x1024, std=0.03125, seed=2209)")),
                     ("minilm_weights", .text("Reports/.cache/minilm/weights.safetensors")),
                     ("minilm_activations", .text("Reports/.cache/minilm/activations.safetensors"))],
        "dfp-accumulation": [("weights", .text("Reports/.cache/minilm/weights.safetensors")),
                             ("activations", .text("Reports/.cache/minilm/activations.safetensors")), ("bits", .count(16))],
    ]

    public var kind: String
    /// The block's YAML as written.
    public var text: String
    public var values: [String: Value]

    /// Whether `yaml` is a study block (a mapping with a `study` key).
    public static func isStudy(_ yaml: String) -> Bool {
        guard let root = try? Yams.compose(yaml: yaml), let mapping = root.mapping else { return false }
        return mapping.contains { $0.key.scalar?.string == "study" }
    }

    /// Reads a study block; `line` is the 1-based notebook line of its first YAML line.
    public init(yaml: String, file: String, line: Int = 1) throws {
        let reader = YAMLReader(file: file)
        guard let root = try reader.root(String(repeating: "\n", count: line - 1) + yaml) else {
            throw reader.fail(nil, "(document)", "the study block is empty")
        }
        guard let kindNode = root.mapping?.first(where: { $0.key.scalar?.string == "study" })?.value else {
            throw reader.fail(root, "study", "missing: name the study (\(Self.kinds.keys.sorted().joined(separator: ", ")))")
        }
        let kind = try reader.string(kindNode, "study")
        guard let defaults = Self.kinds[kind] else {
            throw reader.fail(kindNode, "study", "unknown study '\(kind)' (known: \(Self.kinds.keys.sorted().joined(separator: ", ")))")
        }
        var values = Dictionary(uniqueKeysWithValues: defaults.map { ($0.key, $0.value) })
        for pair in try reader.mapping(root, "", accepted: ["study"] + defaults.map(\.key)) where pair.key != "study" {
            switch values[pair.key]! {
            case .text: values[pair.key] = .text(try reader.string(pair.value, pair.key))
            case .count: values[pair.key] = .count(Int(clamping: try reader.unsigned(pair.value, pair.key)))
            case .numbers:
                values[pair.key] = .numbers(try reader.strings(pair.value, pair.key).map { item in
                    guard let x = Double(item.text), x.isFinite else { throw reader.fail(item.node, pair.key, "'\(item.text)' is not a number") }
                    return x
                })
            }
        }
        self.kind = kind
        text = yaml
        self.values = values
    }

    public func text(_ key: String) -> String { if case let .text(t)? = values[key] { return t }; return "" }
    public func count(_ key: String) -> Int { if case let .count(n)? = values[key] { return n }; return 0 }
    public func numbers(_ key: String) -> [Double] { if case let .numbers(x)? = values[key] { return x }; return [] }
}
