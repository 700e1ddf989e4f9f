/// I-ViT's I-LayerNorm (`IntLayerNorm.forward`, zkkli/I-ViT quant_modules.py) over rows of C integer
/// inputs, in Int64:
/// 1. `mu = round(sum x / C)` (ties to even, `torch.round`); `y = x - mu`; `v = sum y^2`;
/// 2. integer square root by 10 Newton steps from k = 2^16: `k <- floor((k + floor(v / k)) / 2)`;
/// 3. `factor = floor((2^31 - 1) / k)`; `y <- floor(y factor / 2)`: scale `sqrt(C) / 2^30`
///    (`sqrt(C) / 2^30 (2^31 - 1) / (2 k) ~ sqrt(C) / k ~ 1 / sigma_int`);
/// 4. affine: `out_j = y_j + floor(fl32(fl32(beta_j / gamma_j) / t))` with `t = fl32(sqrt(fl32(C))) / 2^30`,
///    of real value `out_j t gamma_j` (the code's float32 constants, computed once).
/// Ten steps from 2^16 reach floor(sqrt(v)) or one above it exactly for 186^2 = 34596 <= v < 2^44
/// (`IntegerOpsTests`: every v below 2^22, both ends of each binade up to 2^44). Below, k stays too
/// large and the output shrinks by sqrt(v) / k: rows whose centred values are about ±9 over 384
/// channels already fall short (v ~ 31000). The code has no epsilon; gamma_j != 0 (it divides by it).
///
/// Error against LayerNorm(x s) = gamma (x - mean)/sigma + beta (population variance, no epsilon,
/// MPFR): the mean's rounding (<= 1/2 unit of x), the square root's floor (relative 1/k) and the
/// output floor (one unit of t); in the domain above,
///     |error| <= |gamma| (|z| (2/k + 2^-20) + 0.5 sqrt(C)/k + t) + |beta| 2^-20,
/// z the exact normalized value, checked against MPFR in `IntegerOpsTests`.
public struct IntegerLayerNorm: Sendable {
    public let channels: Int
    /// Per channel: the integer bias and the real output scale `t gamma_j`.
    public let biasIntegers: [Int64]
    public let outputScales: [Double]
    /// `t = fl32(sqrt(fl32(C))) / 2^30`.
    public let normScale: Float

    public init(gamma: [Float], beta: [Float]) {
        precondition(gamma.count == beta.count && !gamma.isEmpty, "gamma and beta need one value per channel")
        precondition(!gamma.contains(0), "I-LayerNorm divides beta by gamma: gamma must not be 0")
        channels = gamma.count
        normScale = Float(gamma.count).squareRoot() / Float(sign: .plus, exponent: 30, significand: 1)
        let t = normScale
        biasIntegers = zip(beta, gamma).map { b, g in Int64(((b / g) / t).rounded(.down)) }
        outputScales = gamma.map { Double(t) * Double($0) }
    }

    /// Whether a row's `v` is in the Newton steps' domain, [186^2, 2^44).
    public static func inDomain(variance v: Int64) -> Bool { v >= 34596 && v < Int64(1) << 44 }

    /// The doc's bound on the error of channel j's output, `z` the exact normalized value and `k`
    /// the row's integer square root.
    public func errorBound(z: Double, channel j: Int, gamma: Float, beta: Float, root k: Int64) -> Double {
        abs(Double(gamma)) * (abs(z) * (2 / Double(k) + 0x1p-20) + 0.5 * Double(channels).squareRoot() / Double(k) + Double(normScale))
            + abs(Double(beta)) * 0x1p-20
    }

    /// The row's centred squared sum `v` and integer square root `k` (steps 1-2).
    public func varianceAndRoot(_ row: [Int32]) -> (v: Int64, k: Int64) {
        let mu = IntegerMath.roundDivideEven(row.reduce(Int64(0)) { $0 + Int64($1) }, Int64(channels))
        let v = row.reduce(Int64(0)) { $0 + (Int64($1) - mu) * (Int64($1) - mu) }
        return (v, IntegerLayerNorm.newtonSquareRoot(v))
    }

    /// The integer square root of step 2.
    @inlinable
    public static func newtonSquareRoot(_ v: Int64) -> Int64 {
        var k: Int64 = 1 << 16
        for _ in 0 ..< 10 { k = IntegerMath.floorDivide(k + IntegerMath.floorDivide(v, k), 2) }
        return k
    }

    /// One row of `channels` integers: the outputs, of real value `out_j outputScales[j]`.
    public func callAsFunction(_ row: [Int32]) -> [Int64] {
        precondition(row.count == channels, "a row of I-LayerNorm holds one value per channel")
        let c = Int64(channels)
        let mu = IntegerMath.roundDivideEven(row.reduce(Int64(0)) { $0 + Int64($1) }, c)
        let y = row.map { Int64($0) - mu }
        let v = y.reduce(Int64(0)) { $0 + $1 * $1 }
        let factor = Int64(Int32.max) / IntegerLayerNorm.newtonSquareRoot(v)
        return y.enumerated().map { j, yj in IntegerMath.floorDivide(yj * factor, 2) + biasIntegers[j] }
    }
}
