import Formats
import Tensors

/// A seeded mutation fuzzer of the sweep-spec reader (`YAMLLimits`, Yams, `SweepSpec(yaml:file:)`),
/// run by `quantlab fuzz`.
///
/// The corpus is the built-in default sweep and hand-written specs using every key, flow and block
/// style, explicit cells, anchors and aliases, block scalars and quoted strings. Each iteration
/// applies 1-4 mutations: byte edits with YAML's indicator characters, line deletions, copies and
/// re-indentations, numeric edits to extremes, key and value swaps, format specs from
/// `FormatSpecSampler`, and runs of nested brackets or list markers (some past `YAMLLimits`), then
/// reads the text. An accepted spec also expands its cells and results hash. Every call must return
/// or throw; the same seed replays the same inputs.
public enum SweepSpecFuzzer {
    public struct Report: Sendable, Equatable {
        public var inputs = 0
        /// Texts read into a valid `SweepSpec`.
        public var accepted = 0
        /// Texts refused with a `SweepError` (syntax, limits, keys, values).
        public var rejected = 0
    }

    public static func run(iterations: Int, seed: UInt64) -> Report {
        let seeds = corpus
        var rng = RandomStream(seed: seed)
        var sampler = FormatSpecSampler(seed: seed)
        var report = Report()
        for _ in 0 ..< Swift.max(iterations, 0) {
            var text = seeds[rng.nextBelow(seeds.count)]
            for _ in 0 ... rng.nextBelow(4) {
                text = mutate(text, donor: seeds[rng.nextBelow(seeds.count)], rng: &rng, sampler: &sampler)
            }
            report.inputs += 1
            do {
                let spec = try SweepSpec(yaml: text, file: "fuzz.yaml")
                _ = spec.cells().count
                _ = spec.resultsHash
                report.accepted += 1
            } catch {
                report.rejected += 1
            }
        }
        return report
    }

    static let corpus: [String] = [
        DefaultSweep.yaml,
        "title: t\ndata: [normal(shape=4x32)]\nformats: [int8, mxfp4]\n",
        """
        title: "All keys"
        description: |
          Block scalar with [brackets] and # a hash.
        seed: 11
        block_size: 16
        allow_nonfinite: true
        data:
          - {name: a, source: "normal(shape=8x64, std=2)"}
          - student_t(shape=8x64, nu=3)
        transforms: [none, hadamard:16, hadamard:full]
        formats:
          - int4/g16
          - 'scaled(codebook:-1,0,0.5, block=8)'
          - nvfp4(levels=1)
        rounding: [nearest-even, stochastic]
        metrics: [qsnr_db, mse, bits]
        charts: [qsnr_by_format]
        """,
        """
        data:
          - &n normal(shape=4x32)
        formats: &f [int8, fp:e4m3]
        cells:
          - {data: normal, format: int8}
          - data: normal
            format: fp:e4m3
            transform: none
            rounding: toward-zero
        rounding: [nearest-even]
        """,
        "data:\n- laplace(shape=2x32, scale=1)\nformats:\n- mxint8(sym)\n- uint4/g8/asym\nseed: 18446744073709551615\n",
        "{data: [\"outliers(shape=4x64, channels=2, factor=9)\"], formats: [nvint4], block_size: 1048576}\n",
    ]

    static let indicators = Array("-?:,[]{}#&*!|>'\"%@`\\ \t\n0123456789".utf8)
    static let numbers = ["0", "-1", "1048577", "4294967296", "18446744073709551616", "9223372036854775807", "1e400", ".nan",
                          "0x10", "0o17", "~", "null", "true", "''", "\"\"", "[]", "{}"]
    static let keys = SweepSpec.keys + ["name", "source", "data", "format", "transform", "<<", "? complex"]

    /// One random mutation of `text`.
    static func mutate(_ text: String, donor: String, rng: inout RandomStream, sampler: inout FormatSpecSampler) -> String {
        var bytes = Array(text.utf8)
        let n = bytes.count
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line() -> Int { rng.nextBelow(lines.count) }
        switch rng.nextBelow(12) {
        case 0 where n > 0: bytes[rng.nextBelow(n)] = indicators[rng.nextBelow(indicators.count)]
        case 1: bytes.insert(indicators[rng.nextBelow(indicators.count)], at: rng.nextBelow(n + 1))
        case 2 where n > 0:
            let start = rng.nextBelow(n)
            bytes.removeSubrange(start ..< Swift.min(n, start + 1 + rng.nextBelow(16)))
        case 3 where lines.count > 1:
            lines.remove(at: line())
            return lines.joined(separator: "\n")
        case 4:
            let k = line()
            lines.insert(lines[k], at: line())                      // a key or item twice
            return lines.joined(separator: "\n")
        case 5:
            let k = line()
            lines[k] = String(repeating: " ", count: rng.nextBelow(9)) + lines[k].drop { $0 == " " }
            return lines.joined(separator: "\n")
        case 6:
            let digits = bytes.indices.filter { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
            guard !digits.isEmpty else { break }
            let start = digits[rng.nextBelow(digits.count)]
            var end = start
            while end < n && bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
            bytes.replaceSubrange(start ..< end, with: Array(numbers[rng.nextBelow(numbers.count)].utf8))
        case 7:
            // A key somewhere: swap a known key in.
            let k = line()
            if let colon = lines[k].firstIndex(of: ":") {
                let indent = lines[k].prefix { $0 == " " || $0 == "-" }
                lines[k] = indent + keys[rng.nextBelow(keys.count)] + lines[k][colon...]
            }
            return lines.joined(separator: "\n")
        case 8:
            // A format spec from the grammar, as a list item or a flow entry.
            let spec = sampler.next().spec
            lines.insert(rng.nextBelow(2) == 0 ? "  - \(spec)" : "formats: [\(spec), int8]", at: line())
            return lines.joined(separator: "\n")
        case 9:
            // Nesting, sometimes past the limit.
            let depth = [2, 10, 63, 64, 65, 200, 3000][rng.nextBelow(7)]
            let open = ["[", "{a: ", "- "][rng.nextBelow(3)]
            let close = open == "[" ? "]" : open == "{a: " ? "}" : ""
            lines.insert("formats: " + String(repeating: open, count: depth) + "int8" + String(repeating: close, count: depth), at: line())
            return lines.joined(separator: "\n")
        case 10:
            let d = Array(donor.utf8)
            bytes = Array(bytes.prefix(rng.nextBelow(n + 1))) + d.suffix(rng.nextBelow(d.count + 1))
        default:
            let k = line(), j = line()
            lines.swapAt(k, j)
            return lines.joined(separator: "\n")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
