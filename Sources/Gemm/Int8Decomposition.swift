import Formats

/// LLM.int8()'s INT8 matrix multiply (Dettmers et al., arXiv 2208.07339; Eqs. 7-8, read in the paper),
/// `Y = X W^T` with X tokens x K (hidden states) and W outputs x K, through `QuantizedGemm`:
/// - absmax INT8: round(127 x / max|x|) in [-127, 127] (`int:8:sym`); the schemes differ in which
///   values share max|x|: `tensorWise` one for X and one for W; `rowWise` one per row of X, one for W
///   (our reading of the paper's "row-wise"); `vectorWise` one per row of X (c_x) and one per output
///   channel of W (c_w, a row of W here, a column of the paper's W^T): Eq. 7.
/// - the integer products P_x P_w are summed exactly (`BlockSum.exact`, one segment per output: every
///   operand has one scale per row), which is the Int32 accumulation whenever |sum| < 2^31 (always
///   for K * 127^2 < 2^31, K < 133,144), then denormalised once: y = fl32(s_x s_w sum), the outer
///   product of the scale vectors (Eq. 7's `1 / (c_x (x) c_w)` with s = c / 127).
/// - mixed-precision decomposition (Eq. 8) with threshold alpha: O = the feature dimensions h (columns
///   of X, and of W) with at least one |x_th| >= alpha; those columns are multiplied in 16-bit (both
///   operands rounded to IEEE float16, products summed in float32 one at a time, in h order), every
///   other column in INT8 by the scheme (its scales computed without the O columns); y = fl32(y16 + y8).
public struct Int8Decomposition: Sendable {
    public enum Scheme: String, Sendable, CaseIterable {
        case tensorWise = "tensor-wise", rowWise = "row-wise", vectorWise = "vector-wise"

        /// The format specs of X and W.
        public var formats: (x: String, w: String) {
            switch self {
            case .tensorWise: return ("int:8:sym/tensor", "int:8:sym/tensor")
            case .rowWise: return ("int:8:sym/ch0", "int:8:sym/tensor")
            case .vectorWise: return ("int:8:sym/ch0", "int:8:sym/ch0")
            }
        }
    }

    public let scheme: Scheme
    /// alpha (LLM.int8(): 6.0); nil: no decomposition.
    public let threshold: Float?

    public init(scheme: Scheme, threshold: Float? = nil) {
        self.scheme = scheme
        self.threshold = threshold
    }

    public struct Product: Sendable {
        /// Y, tokens x outputs.
        public var y: [Float]
        /// The feature dimensions kept in 16-bit, ascending.
        public var outlierDimensions: [Int]
        /// Share of X's (and of W's) values kept in 16-bit: |O| / K.
        public var sixteenBitShare: Double
    }

    /// The columns h of X (tokens x depth) with some |x_th| >= threshold, ascending.
    public static func outlierDimensions(_ x: [Float], tokens: Int, depth: Int, threshold: Float) -> [Int] {
        (0 ..< depth).filter { h in (0 ..< tokens).contains { abs(x[$0 * depth + h]) >= threshold } }
    }

    public func multiply(x: [Float], tokens: Int, w: [Float], outputs: Int, depth: Int) throws -> Product {
        let (fx, fw) = scheme.formats
        let int8 = try QuantizedGemm(aFormat: FormatRegistry.tensorFormat(fx), bFormat: FormatRegistry.tensorFormat(fw),
                                     accumulator: .float32, blockSum: .exact)
        let outliers = threshold.map { Self.outlierDimensions(x, tokens: tokens, depth: depth, threshold: $0) } ?? []
        guard !outliers.isEmpty else {
            return Product(y: try int8.multiply(int8.operandA(x, rows: tokens, depth: depth), int8.operandB(w, rows: outputs, depth: depth)),
                           outlierDimensions: [], sixteenBitShare: 0)
        }
        func without(_ v: [Float], _ rows: Int) -> [Float] {
            var r = v
            for i in 0 ..< rows { for h in outliers { r[i * depth + h] = 0 } }
            return r
        }
        func only(_ v: [Float], _ rows: Int) -> [Float] {
            (0 ..< rows).flatMap { i in outliers.map { v[i * depth + $0] } }
        }
        let y8 = try int8.multiply(int8.operandA(without(x, tokens), rows: tokens, depth: depth), int8.operandB(without(w, outputs), rows: outputs, depth: depth))
        let half = try FormatRegistry.tensorFormat("float16")
        let sixteen = try QuantizedGemm(aFormat: half, bFormat: half, accumulator: .float32, blockSum: .accumulator)
        let k = outliers.count
        let y16 = try sixteen.multiply(sixteen.operandA(only(x, tokens), rows: tokens, depth: k), sixteen.operandB(only(w, outputs), rows: outputs, depth: k))
        return Product(y: zip(y16, y8).map { $0 + $1 }, outlierDimensions: outliers, sixteenBitShare: Double(k) / Double(depth))
    }

    /// `X W^T` rounded once to float32 from the exact sums (the reference outputs).
    public static func exactProduct(x: [Float], tokens: Int, w: [Float], outputs: Int, depth: Int) throws -> [Float] {
        let exact = try QuantizedGemm(aFormat: nil, bFormat: nil, accumulator: .exact)
        return try exact.multiply(exact.operandA(x, rows: tokens, depth: depth), exact.operandB(w, rows: outputs, depth: depth))
    }
}
