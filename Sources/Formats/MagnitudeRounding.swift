/// Rounding a non-negative float32 `y < 2^22` to an integer under a rounding mode, exactly.
///
/// `n = (y + 2^23) - 2^23` is `y` rounded to the nearest integer, ties to even (both operations are
/// float32 additions rounded to nearest even, IEEE 754 §4.3.1, and exact but for that one rounding).
/// `floor(y) = n > y ? n - 1 : n` and `frac = y - floor(y)` are exact, so every mode decides on
/// exact quantities: ties-away takes `floor + 1` iff `frac >= 1/2`; directed modes add 1 iff they
/// round the magnitude up and `frac > 0`; stochastic adds 1 iff `frac > u` (see `StochasticBits`).
/// Shared by the integer grids (INT, bipolar) and the subnormal range of minifloats.
public enum MagnitudeRounding {
    @inlinable @inline(__always)
    public static func toInteger(_ y: Float, mode: RoundingMode, magnitudeUp: Bool, random: UInt32) -> Float {
        let n = (y + 0x1p23) - 0x1p23
        let fl = n > y ? n - 1 : n
        let frac = y - fl
        switch mode {
        case .nearestEven: return n
        case .nearestAway: return frac >= 0.5 ? fl + 1 : fl
        case .towardZero: return fl
        case .towardPositive, .towardNegative: return magnitudeUp && frac > 0 ? fl + 1 : fl
        case .stochastic: return frac > StochasticBits.unit(random) ? fl + 1 : fl
        }
    }
}
