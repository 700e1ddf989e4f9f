import Formats
import Gemm
import Tensors
import Yams

/// The YAML of matrix-product data and the accumulator axis:
///
/// ```yaml
/// data:
///   - gemm: {name: gauss, a: "normal(std=1)", b: "normal(std=1)", m: 64, n: 64, k: [256, 4096]}
/// formats: [mxfp8_e4m3, nvfp4]          # quantizes both operands (unless a_format/b_format fixes one)
/// accumulators: [fp32, bf16, "fp:e8m13"]
/// accumulator_rounding: [nearest-even, toward-zero]
/// promote: [none, 128]
/// ```
///
/// `gemm:` keys: `a`, `b` (sources: a distribution call without `shape=`, or a 2-D .npy/.safetensors
/// matrix), `m`, `n`, `k` (an integer or a list: one data input per K), optional `name`,
/// `a_format` / `b_format` (a format spec or `none`), `samples` (outputs compared with the exact
/// references, default 65536). Cells of a gemm entry are data x transforms x formats x rounding x
/// accumulators x accumulator_rounding x promote (`SweepChecks.accumulatorChoices`).
extension SweepSpec {
    static let gemmKeys = ["name", "a", "b", "m", "n", "k", "a_format", "b_format", "samples"]
    static let accumulatorKeys = ["accumulators", "accumulator_rounding", "promote"]

    /// A `gemm:` data item's inputs (one per K), failing at the line of the field at fault.
    static func readGemm(_ node: Node, key: String, reader: YAMLReader, seed: UInt64, sources: SourceIndex) throws -> [DataInput] {
        let pairs = try reader.mapping(node, key, accepted: gemmKeys)
        func value(_ name: String) -> Node? { pairs.first { $0.key == name }?.value }
        func text(_ name: String) throws -> String? { try value(name).map { try reader.string($0, "\(key).\(name)") } }
        func int(_ name: String, _ n: Node) throws -> Int {
            let v = try reader.unsigned(n, "\(key).\(name)")
            return v > UInt64(Int.max) ? Int.max : Int(v)
        }
        guard let a = try text("a") else { throw reader.fail(node, key, "missing key 'a' (A's source, M x K)") }
        guard let b = try text("b") else { throw reader.fail(node, key, "missing key 'b' (B's source, N x K)") }
        var ks: [Int] = []
        if let k = value("k") {
            ks = k.sequence == nil ? [try int("k", k)] : try reader.list(k, "\(key).k").map { try int("k", $0) }
            guard !ks.isEmpty else { throw reader.fail(k, "\(key).k", "empty: list at least one K") }
            if let dup = ks.enumerated().first(where: { i, v in ks[..<i].contains(v) }) {
                throw reader.fail(k, "\(key).k", "K = \(dup.element) listed twice")
            }
        }
        let entry = SweepChecks.GemmEntry(name: try text("name"), a: a, b: b, m: try value("m").map { try int("m", $0) },
                                          n: try value("n").map { try int("n", $0) }, k: ks, aFormat: try text("a_format"),
                                          bFormat: try text("b_format"), samples: try value("samples").map { try int("samples", $0) })
        do {
            return try SweepChecks.gemm(entry, seed: seed, sources: sources)
        } catch let e as SweepChecks.GemmEntryError {
            throw reader.fail(value(e.field) ?? node, "\(key).\(e.field)", e.reason)
        }
    }

    /// The accumulator axis from `accumulators`, `accumulator_rounding` and `promote` (defaults:
    /// fp32, nearest-even, none); these keys need a gemm data entry.
    static func readAccumulators(_ node: (String) -> Node?, data: [DataInput], root: Node, reader: YAMLReader) throws -> [AccumulatorChoice] {
        if !data.contains(where: { $0.gemm != nil }), let key = accumulatorKeys.first(where: { node($0) != nil }) {
            throw reader.fail(node(key), key, "applies to matrix-product data only, and no data entry is a gemm")
        }
        let specs = try node("accumulators").map { try unique(reader.strings($0, "accumulators"), "accumulators", reader, SweepChecks.accumulator) } ?? ["fp32"]
        let roundings = try node("accumulator_rounding").map {
            try unique(reader.strings($0, "accumulator_rounding"), "accumulator_rounding", reader, SweepChecks.accumulatorRounding)
        } ?? [.nearestEven]
        let promotions = try node("promote").map { try unique(reader.strings($0, "promote"), "promote", reader, SweepChecks.promotion) } ?? [nil]
        for key in accumulatorKeys {
            if let n = node(key), n.sequence?.isEmpty == true { throw reader.fail(n, key, "empty: list at least one, or leave the key out") }
        }
        do {
            return try SweepChecks.accumulatorChoices(specs, roundings: roundings, promotions: promotions)
        } catch {
            throw reader.fail(node("accumulators") ?? root, "accumulators", "\(error)")
        }
    }
}
