/// Bipolar-INT of n bits, 1 <= n <= 16 ("Efficient Arbitrary Precision Acceleration for LLMs on GPU
/// Tensor Cores", 2024): code bits `b_(n-1) .. b_0` have the value `sum_i 2^i (2 b_i - 1)`, so the
/// values are the odd integers in `[-(2^n - 1), 2^n - 1]`, spaced by 2, with no zero; code
/// `B = (v + 2^n - 1) / 2`.
///
/// Rounding, on the magnitude `m = |x|` clamped to `2^n - 1` (the format saturates):
/// - `m >= 1`: `j = round((m - 1) / 2)` per mode (exact in float32), value `sign(x) (2j + 1)`; ties to
///   even are ties to even `j`, so the rule is symmetric in sign (`|v| = 1 mod 4` wins a tie).
/// - `m < 1` (between -1 and +1): nearest modes, toward zero and away give `sign(x) 1` with +0 and -0
///   going to +1; toward +inf gives +1 and toward -inf -1 unless x is exactly +-1; stochastic gives
///   +1 iff `x > 2u - 1` (probability `(x + 1)/2`, so unbiased).
/// A NaN input gives +1.
public struct BipolarInt: ElementFormat, Hashable {
    public let bitWidth: Int
    public let info: FormatInfo
    @usableFromInline let maximum: Float

    public init(bits: Int, name: String? = nil) throws {
        let spec = name ?? "bipolar:\(bits)"
        guard (1 ... 16).contains(bits) else { throw FormatError.invalidSpec(spec, reason: "bipolar bits \(bits) not in 1...16") }
        bitWidth = bits
        maximum = Float((1 << bits) - 1)
        info = FormatInfo(
            name: spec, bits: bits, maxFinite: Double(maximum), minNormal: 1, minPositive: 1,
            hasInfinity: false, hasNaN: false, hasNegativeZero: false,
            specials: "no zero; saturates; NaN -> +1",
            definition: "odd integers in [-\(Int(maximum)), \(Int(maximum))]: sum_i 2^i (2 b_i - 1)",
            family: .bipolar)
    }

    public var saturating: any ElementFormat { self }

    @inlinable @inline(__always)
    public func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        let negative = x.sign == .minus
        let m0 = abs(x)
        let m = m0 > maximum ? maximum : m0
        let y = m >= 1 ? (m - 1) * 0.5 : 0
        let j = MagnitudeRounding.toInteger(y, mode: mode, magnitudeUp: mode.roundsMagnitudeUp(negative: negative),
                                            random: random)
        let away = 2 * j + 1
        var value = negative && x != 0 ? -away : away
        if m < 1 {
            switch mode {
            case .towardPositive: value = x == -1 ? -1 : 1
            case .towardNegative: value = x == 1 ? 1 : -1
            case .stochastic: value = x > 2 * StochasticBits.unit(random) - 1 ? 1 : -1
            default: break
            }
        }
        return x.isNaN ? 1 : value
    }

    public func encode(rounded value: Float) -> UInt32 {
        guard value.isFinite else { return UInt32((1 << bitWidth) / 2) }  // no NaN code: that of +1
        return UInt32((Int(value) + (1 << bitWidth) - 1) / 2)
    }

    public func decode(_ code: UInt32) -> Float {
        Float(2 * Int(code & ((1 << bitWidth) - 1)) - (1 << bitWidth) + 1)
    }
}
