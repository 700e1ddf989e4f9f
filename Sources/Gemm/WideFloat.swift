import Formats

/// A binary floating-point accumulator format with 11 to 23 mantissa bits (`fp:eXmY[:bB][:policy][:sat]`
/// with Y in 11...23), wider than a `MiniFloat` (at most 10): DeepSeek-V3 (arXiv 2412.19437 §3.3.2)
/// measured about 14 retained bits in H800 FP8 tensor-core accumulation, i.e. `fp:e8m13`.
///
/// The value set is `MiniFloat`'s definition with M = Y: normal `(-1)^s (1 + m 2^-M) 2^(e - bias)`,
/// subnormal `(-1)^s (m 2^-M) 2^emin` with `emin = 1 - bias`, the codes `SpecialValues` reserves taken
/// out, and the same overflow table (ieee: Inf; fn, fnuz: NaN; finite and `:sat`: the largest finite
/// value; a mode that rounds the magnitude down gives the largest finite value, IEEE 754 §7.4). Every
/// value is a float32: `emax <= 127` and `emin - M >= -149` are required.
///
/// Rounding (`round(_:towardZero:)`): IEEE 754 §4.3 with an unbounded exponent range above, on a
/// Double that is the exact value or its `RO_53` (53 >= (M + 1) + 2 bits, so the result is that of
/// the exact value, `ExactArithmetic`): with `E = max(floor(log2 |x|), emin)` and quantum `q = 2^(E - M)`,
/// `|x| / q` is rounded to an integer k (nearest-even or toward zero; division and `k q` are exact
/// scalings by a power of two), and `k q` beyond the largest finite value overflows as above. There
/// is no code table (2^(1+X+Y) codes are too many to list): the accumulator only rounds.
public struct WideFloat: Sendable, Hashable {
    public static let mantissaRange = 11 ... 23
    public let exponentBits: Int
    public let mantissaBits: Int
    public let bias: Int
    public let specials: SpecialValues
    public let isSaturating: Bool
    public let name: String
    let emin: Int
    /// The largest finite value, what overflow becomes in nearest-even, and what an infinite input becomes.
    let maxFinite: Double
    let overflowValue: Double
    let infinityValue: Double

    /// Parses `fp:eXmY[:bB][:ieee|fn|fnuz|finite][:sat]` with Y in 11...23; nil for another spelling
    /// or a narrower mantissa (a `MiniFloat`), an error naming the spec for an impossible one.
    public init?(spec: String) throws {
        let text = spec.trimmingCharacters(in: .whitespaces)
        let saturating = text.hasSuffix(":sat")
        let base = saturating ? String(text.dropLast(4)) : text
        guard base.hasPrefix("fp:"), let fields = try? FormatRegistry.miniFloatFields(base),
              fields.mantissaBits >= WideFloat.mantissaRange.lowerBound else { return nil }
        try self.init(exponentBits: fields.exponentBits, mantissaBits: fields.mantissaBits, bias: fields.bias,
                      specials: fields.specials, saturating: saturating, name: text)
    }

    public init(exponentBits e: Int, mantissaBits m: Int, bias: Int? = nil, specials: SpecialValues,
                saturating: Bool = false, name: String) throws {
        func bad(_ reason: String) -> GemmError { .badAccumulator(name, reason: reason) }
        guard (1 ... 8).contains(e) else { throw bad("exponent bits \(e) not in 1...8") }
        guard WideFloat.mantissaRange.contains(m) else { throw bad("mantissa bits \(m) not in 0...23") }
        guard specials != .exponentOnly else { throw bad("an exponent-only format has no mantissa to hold a sum") }
        if specials == .ieee, e < 2 { throw bad("ieee needs at least 2 exponent bits") }
        let b = bias ?? ((1 << (e - 1)) - 1)
        guard (-1024 ... 1024).contains(b) else { throw bad("bias \(b) puts its values outside float32's range") }
        let top = (1 << e) - 1
        let emax = specials == .ieee ? top - 1 - b : top - b
        // fn reserves the all-ones code of the top binade for NaN; the others keep every mantissa there.
        let maxSignificand = 2 - (specials == .fn ? 2 : 1) * pow2(-m)
        guard emax <= 127 else { throw bad("largest exponent \(emax) exceeds float32's 127") }
        guard 1 - b - m >= -149 else { throw bad("smallest value 2^\(1 - b - m) is below float32's 2^-149") }
        exponentBits = e; mantissaBits = m; self.bias = b; self.specials = specials; isSaturating = saturating
        self.name = name
        emin = 1 - b
        maxFinite = maxSignificand * pow2(emax)
        switch (specials, saturating) {
        case (.finite, _), (_, true): overflowValue = maxFinite; infinityValue = maxFinite
        case (.ieee, false): overflowValue = .infinity; infinityValue = .infinity
        default: overflowValue = .nan; infinityValue = .nan
        }
    }

    /// `round_F(x)` for x given exactly or as `RO_53(x)` (NaN and infinities as themselves).
    ///
    /// Branch-free (selects only), so the kernels' lane loops vectorize: with `E = max(e, emin)`
    /// for x's Double exponent e (an exponent field of 0, x = 0, gives e = -1023, below every emin;
    /// `|x| >= 2^-1022` otherwise, as every kernel value is), `k = round(|x| 2^(M - E))` is below
    /// 2^(M + 2) and `k 2^(E - M)` is the rounded magnitude; both scalings are powers of two built
    /// from their exponent bits, exact in Double's range. Then overflow, infinity and NaN by the
    /// table above, and the sign (none on fnuz's zero).
    @inline(__always)
    public func round(_ x: Double, towardZero: Bool) -> Float {
        let bits = x.bitPattern
        let a = bits & 0x7FFF_FFFF_FFFF_FFFF
        let e = Int64(a >> 52) - 1023
        let exponent = Swift.min(Swift.max(e, Int64(emin)), 1000)
        let up = Double(bitPattern: UInt64(1023 + Int64(mantissaBits) - exponent) << 52)
        let down = Double(bitPattern: UInt64(1023 - Int64(mantissaBits) + exponent) << 52)
        let scaled = Double(bitPattern: a) * up
        let k = towardZero ? scaled.rounded(.towardZero) : scaled.rounded(.toNearestOrEven)
        var r = k * down
        r = r > maxFinite ? (towardZero ? maxFinite : overflowValue) : r
        r = a == 0x7FF0_0000_0000_0000 ? infinityValue : r
        r = a > 0x7FF0_0000_0000_0000 ? (specials == .finite ? 0 : .nan) : r
        let unsigned = r.isNaN || (r == 0 && specials == .fnuz) || a > 0x7FF0_0000_0000_0000
        let magnitude = Float(r)
        return unsigned ? magnitude : Float(bitPattern: magnitude.bitPattern | UInt32(truncatingIfNeeded: bits >> 32) & 0x8000_0000)
    }
}
