/// A dyadic number `m / 2^e` approximating a positive real scale, as HAWQ-V3's `batch_frexp` forms it
/// (Zhen-Dong/HAWQ, utils/quantization_utils/quant_utils.py): `frexp(s) = (f, e0)` with f in [0.5, 1),
/// `m = round_half_up(f 2^b)` (a b-bit integer; 2^b itself when f rounds up), `e = b - e0`. The code
/// uses b = 31; 8, 16 and 24 show what a narrower multiplier costs.
///
/// Error: `|m / 2^e - s| / s = |m - f 2^b| / (f 2^b) <= 0.5 / (0.5 2^b) = 2^-b` (checked against
/// MPFR in the tests and by `quantlab integer-check`).
public struct DyadicScale: Sendable, Hashable {
    public let multiplier: Int64
    public let shift: Int
    public let bits: Int

    /// The dyadic form of `scale` (finite, > 0) with a `bits`-bit multiplier, 1 <= bits <= 52.
    public init(approximating scale: Double, bits: Int = 31) {
        precondition(scale.isFinite && scale > 0 && (1 ... 52).contains(bits), "a dyadic scale needs a finite positive scale and 1...52 bits")
        let e0 = Int(scale.exponent) + 1            // scale = f 2^e0, f = significand / 2 in [0.5, 1)
        let f = scale.significand / 2
        let scaled = f * Double(sign: .plus, exponent: bits, significand: 1)   // exact
        multiplier = Int64((scaled + 0.5).rounded(.down))                       // half up; exact below 2^52
        shift = bits - e0
        self.bits = bits
    }

    /// `m / 2^e` as a Double (exact: m has at most 53 bits).
    public var value: Double { Double(multiplier) * Double(sign: .plus, exponent: -shift, significand: 1) }

    /// `round(acc m / 2^e)`, ties to even (`torch.round` in HAWQ's `fixedpoint_fn`), exactly in
    /// integers; |acc| < 2^31 keeps `acc m` below 2^63 for b <= 31. A negative shift multiplies.
    @inlinable
    public func apply(_ acc: Int64) -> Int64 {
        shift >= 0 ? IntegerMath.roundShiftEven(acc * multiplier, shift) : acc * multiplier << -shift
    }
}
