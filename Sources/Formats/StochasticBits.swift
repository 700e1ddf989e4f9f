/// The random stream behind stochastic rounding: a counter-based generator, so element `i` of a
/// buffer always draws the same bits for a given seed, whatever the thread count or chunking.
///
/// `bits(seed, i)` is the high 32 bits of SplitMix64 (Steele, Lea, Flood 2014) evaluated at the
/// counter `seed + (i + 1) * 0x9E3779B97F4A7C15`. Stochastic rounding uses the top 24 bits as
/// `u = (bits >> 8) / 2^24`, uniform on `[0, 1)`, and rounds the magnitude up iff `frac > u`.
public enum StochasticBits {
    @inlinable @inline(__always)
    public static func bits(seed: UInt64, index: Int) -> UInt32 {
        var z = seed &+ (UInt64(truncatingIfNeeded: index) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z = z ^ (z >> 31)
        return UInt32(truncatingIfNeeded: z >> 32)
    }

    /// The uniform draw `u` in `[0, 1)` with 24 bits, as stochastic rounding compares it.
    @inlinable @inline(__always)
    public static func unit(_ bits: UInt32) -> Float {
        Float(bits >> 8) * 0x1p-24
    }
}
