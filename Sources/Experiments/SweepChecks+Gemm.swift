import Foundation
import Formats
import Gemm
import Tensors

/// The checks of matrix-product data (`gemm:` entries) and of the accumulator axis, in the one
/// validator every way of reading a sweep goes through.
extension SweepChecks {
    /// An accumulator spec (`Gemm.Accumulator`: exact, fp32, bf16, fp16, fp:eXmY with up to 23 mantissa bits).
    public static func accumulator(_ text: String) throws -> String {
        _ = try Accumulator(spec: text)
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// An accumulator rounding mode (nearest-even or toward-zero).
    public static func accumulatorRounding(_ text: String) throws -> RoundingMode { try Accumulator.rounding(named: text) }

    /// A promotion interval: `none`, or a number of products of at least 1 (DeepSeek-V3 §3.3.2 uses 128).
    public static func promotion(_ text: String) throws -> Int? {
        if text == "none" { return nil }
        guard let n = Int(text), n >= 1 else { throw SpecValueError(message: "promotion interval '\(text)' is neither none nor an integer of at least 1") }
        return n
    }

    /// The accumulator axis: every spec x rounding x promotion, in that nesting order. The exact
    /// accumulator rounds nothing and has nothing to promote, so it appears once (nearest-even, no
    /// promotion) whatever the other two lists hold.
    public static func accumulatorChoices(_ specs: [String], roundings: [RoundingMode], promotions: [Int?]) throws -> [AccumulatorChoice] {
        var choices: [AccumulatorChoice] = []
        for spec in specs {
            let accumulator = try Accumulator(spec: spec)
            if accumulator == .exact {
                choices.append(AccumulatorChoice(spec: spec, accumulator: accumulator, rounding: .nearestEven, promotion: nil))
                continue
            }
            for r in roundings { for p in promotions { choices.append(AccumulatorChoice(spec: spec, accumulator: accumulator, rounding: r, promotion: p)) } }
        }
        return choices
    }

    /// What a `gemm:` entry gives, as text (before checking).
    public struct GemmEntry: Sendable {
        public var name: String?
        public var a: String, b: String
        public var m: Int?, n: Int?
        /// K values (one data input each); empty: K from the files.
        public var k: [Int]
        public var aFormat: String?, bFormat: String?
        public var samples: Int?
        public init(name: String? = nil, a: String, b: String, m: Int? = nil, n: Int? = nil, k: [Int] = [],
                    aFormat: String? = nil, bFormat: String? = nil, samples: Int? = nil) {
            self.name = name; self.a = a; self.b = b; self.m = m; self.n = n; self.k = k
            self.aFormat = aFormat; self.bFormat = bFormat; self.samples = samples
        }
    }

    /// The largest side M, N or K a synthetic operand may have, and the largest M x K or N x K.
    public static let gemmSides = 1 ... (1 << 20)
    public static let gemmOperandLimit = 1 << 28
    /// Default number of outputs compared with the exact references.
    public static let gemmSamples = 65536

    /// A `gemm:` entry as data inputs, one per K: A (M x K) and B (N x K) from a distribution call
    /// without `shape=` (the entry's m, n, k make it; B's default seed is the sweep seed + 1, so
    /// that A and B differ) or from a 2-D file (whose shape gives M or N and K; m, n, k, when given,
    /// must agree). Fixed operand formats (`a_format`, `b_format`, or `none`) are parsed and
    /// checked against the operand they quantize; at most one may be given. Throws one line naming
    /// the field (`field` and the reason) at the first problem.
    public static func gemm(_ entry: GemmEntry, seed: UInt64, sources: SourceIndex = .shared) throws -> [DataInput] {
        guard entry.aFormat == nil || entry.bFormat == nil else {
            throw GemmEntryError(field: "b_format", reason: "a_format and b_format both fixed leave the sweep's formats axis nothing to vary; fix at most one")
        }
        let samples = entry.samples ?? gemmSamples
        guard samples >= 1 else { throw GemmEntryError(field: "samples", reason: "must be at least 1") }
        for (field, v) in [("m", entry.m), ("n", entry.n)] + entry.k.map({ ("k", Optional($0)) }) {
            if let v, !gemmSides.contains(v) { throw GemmEntryError(field: field, reason: "\(v) is not in \(gemmSides.lowerBound)...\(gemmSides.upperBound)") }
        }
        func operand(_ text: String, _ field: String, rows: Int?, rowsField: String, k: Int?, seed: UInt64) throws -> (TensorSource, SourceContent) {
            let source: TensorSource
            do {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.hasSuffix(")") && !trimmed.contains(".safetensors") {
                    // A distribution call: its shape is rows x K.
                    guard !text.contains("shape") else { throw SpecValueError(message: "give the sizes as m, n and k of the gemm entry, not shape=") }
                    guard let rows, let k else { throw SpecValueError(message: "a distribution operand needs \(rowsField) and k in the gemm entry") }
                    guard rows * k <= gemmOperandLimit else { throw SpecValueError(message: "\(rows) x \(k) values are more than \(gemmOperandLimit)") }
                    source = try TensorSource(parsing: Self.withShape(trimmed, rows: rows, k: k), defaultSeed: seed)
                } else {
                    source = try TensorSource(parsing: trimmed, defaultSeed: seed)
                }
                let content = try sources.content(of: source)
                guard content.tensors.count == 1, let shape = content.tensors.first?.shape, shape.count == 2 else {
                    throw SpecValueError(message: "\(source) holds \(content.tensors.count) tensor(s)"
                        + (content.tensors.first.map { " of shape \(TensorError.shapeText($0.shape))" } ?? "") + "; an operand is one matrix (rows x K)")
                }
                if let rows, shape[0] != rows { throw SpecValueError(message: "\(source) has \(shape[0]) rows, not \(rowsField) = \(rows)") }
                if let k, shape[1] != k { throw SpecValueError(message: "\(source) has K = \(shape[1]), not k = \(k)") }
                return (source, content)
            } catch let e as SpecValueError {
                throw GemmEntryError(field: field, reason: e.message)
            } catch {
                throw GemmEntryError(field: field, reason: "\(error)")
            }
        }
        func format(_ text: String?, _ field: String) throws -> GemmOperands.OperandFormat {
            guard let text else { return .axis }
            if text == "none" { return .none }
            do { return .fixed(try ParsedFormat(parsing: text)) } catch { throw GemmEntryError(field: field, reason: "\(error)") }
        }
        let aFormat = try format(entry.aFormat, "a_format"), bFormat = try format(entry.bFormat, "b_format")
        let ks: [Int?] = entry.k.isEmpty ? [nil] : entry.k
        return try ks.map { k in
            let (a, aContent) = try operand(entry.a, "a", rows: entry.m, rowsField: "m", k: k, seed: seed)
            let (b, bContent) = try operand(entry.b, "b", rows: entry.n, rowsField: "n", k: k, seed: seed &+ 1)
            let (aShape, bShape) = (aContent.tensors[0].shape, bContent.tensors[0].shape)
            guard aShape[1] == bShape[1] else { throw GemmEntryError(field: "b", reason: "\(GemmError.depthMismatch(a: aShape, b: bShape))") }
            let base = entry.name ?? DataInput.defaultName(of: a) + "·" + DataInput.defaultName(of: b)
            let name = entry.k.count > 1 ? "\(base) K=\(aShape[1])" : base
            let operands = GemmOperands(entry: base, b: b, bContent: bContent, m: aShape[0], n: bShape[0], k: aShape[1],
                                        aFormat: aFormat, bFormat: bFormat, samples: samples)
            let input = try DataInput(name: name, a: a, gemm: operands, index: sources)
            for (field, fixed) in [("a_format", aFormat), ("b_format", bFormat)] {
                if case let .fixed(f) = fixed, let problem = input.problem(withFormat: f.format) { throw GemmEntryError(field: field, reason: problem) }
            }
            return input
        }
    }

    /// `name(params)` with `shape=ROWSxK` put first.
    static func withShape(_ text: String, rows: Int, k: Int) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.firstIndex(of: "(") else { return trimmed }
        let inner = trimmed[trimmed.index(after: open)...].dropLast().trimmingCharacters(in: .whitespaces)
        return trimmed[..<open] + "(shape=\(rows)x\(k)" + (inner.isEmpty ? "" : ", " + inner) + ")"
    }

    /// A problem with one field of a `gemm:` entry.
    public struct GemmEntryError: Error, CustomStringConvertible {
        public var field: String
        public var reason: String
        public var description: String { reason }
    }
}
