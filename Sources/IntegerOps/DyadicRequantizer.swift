/// HAWQ-V3's integer-only requantization of a layer's accumulator (`fixedpoint_fn`, case 0, in
/// Zhen-Dong/HAWQ utils/quantization_utils/quant_utils.py):
/// - the accumulator `acc = sum q_x q_w` has scale `S_in = S_x S_w`; the output scale is `S_out`;
/// - `new_scale = fl64(fl32(S_x S_w)) / fl64(S_out)` (the code casts the product to float32 first,
///   "follow TVM"); `DyadicScale(new_scale, bits)`;
/// - `q_out = clamp(round(acc m / 2^e))` to [-2^(k-1), 2^(k-1) - 1] (symmetric) or [0, 2^k - 1].
/// Only integer multiply, add and shift at inference: the scale arithmetic above is done once.
public struct DyadicRequantizer: Sendable {
    public let scale: DyadicScale
    /// The real factor the dyadic scale approximates.
    public let newScale: Double
    public let lower: Int64
    public let upper: Int64

    public init(inputScale sx: Float, weightScale sw: Float, outputScale so: Float, outputBits k: Int = 8,
                signed: Bool = true, multiplierBits b: Int = 31) {
        newScale = DyadicRequantizer.newScale(inputScale: sx, weightScale: sw, outputScale: so)
        scale = DyadicScale(approximating: newScale, bits: b)
        (lower, upper) = signed ? (-(Int64(1) << (k - 1)), (Int64(1) << (k - 1)) - 1) : (0, (Int64(1) << k) - 1)
    }

    /// `fl64(fl32(S_x S_w)) / fl64(S_out)`, the code's TVM-style scale.
    public static func newScale(inputScale sx: Float, weightScale sw: Float, outputScale so: Float) -> Double {
        Double(Float(Double(sx) * Double(sw))) / Double(so)
    }

    /// The output code of one accumulator.
    @inlinable
    public func requantize(_ acc: Int32) -> Int32 {
        Int32(Swift.min(upper, Swift.max(lower, scale.apply(Int64(acc)))))
    }

    /// The output codes of a buffer of accumulators.
    public func requantize(_ acc: [Int32]) -> [Int32] { acc.map(requantize) }
}
