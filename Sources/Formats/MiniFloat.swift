/// A binary floating-point format of any exponent and mantissa width (ExMy), described by data.
///
/// Value of code `s e m` (sign, exponent field, mantissa field), `emin = 1 - bias`:
/// - normal (`e > 0`): `(-1)^s (1 + m 2^-M) 2^(e - bias)`
/// - subnormal (`e = 0`): `(-1)^s (m 2^-M) 2^emin`
/// with the codes that `specials` reserves taken out (see `SpecialValues`). The unsigned
/// exponent-only policy (E8M0) has no sign, no mantissa and no subnormals: code `e` is `2^(e - bias)`.
/// Rounding is that of IEEE 754-2019 §4.3 applied to this value set with an unbounded exponent
/// range above, then the overflow rule of `specials`.
///
/// Every value is a `Float`, so the format must satisfy `emax <= 127` and `emin - M >= -149`; the fast
/// path further needs `emin = -126` (float32's own) or `emin > -126` with `M - emin <= 127` (its
/// subnormal scaling `2^(M - emin)` is a float32), and `emin - M <= 0` (a smallest positive value
/// at most 1, so that the scaling of any nonzero float32 stays nonzero), which every named format meets.
public struct MiniFloat: ElementFormat, Hashable {
    public let exponentBits: Int
    public let mantissaBits: Int
    public let bias: Int
    public let specials: SpecialValues
    /// Overflow and infinities clamp to the largest finite value.
    public let isSaturating: Bool
    public let info: FormatInfo

    // Derived facts in float32 bit patterns, read by the fast path (MiniFloat+Rounding).
    @usableFromInline let shift: UInt32          // 23 - M: float32 mantissa bits dropped
    @usableFromInline let lowMask: UInt32        // 2^shift - 1
    @usableFromInline let minNormalBits: UInt32  // bits of 2^emin
    @usableFromInline let maxBits: UInt32        // bits of the largest finite value
    @usableFromInline let overflowBits: UInt32   // what overflow becomes in nearest modes (Inf, NaN or max)
    @usableFromInline let infinityBits: UInt32   // what an infinite input becomes
    @usableFromInline let nanBits: UInt32        // what a NaN input becomes (NaN, or +0 for finite-only)
    @usableFromInline let subnormalQuantum: Float  // 2^(emin - M), used when emin > -126
    @usableFromInline let subnormalInverse: Float  // 2^(M - emin)
    public let floatSubnormalPath: Bool            // emin > -126: subnormals rounded in float arithmetic
    @usableFromInline let decodeTable: [Float]
    // Nearest-even's tie bit is `((a >> shift) & tieKeep) ^ tieFlip` (MiniFloat+Rounding): the kept
    // code's last bit; E8M0 (ties up): keep 0, flip 1; M = 0 with an even bias (the exponent field's
    // parity is float32's flipped): keep 1, flip 1; otherwise keep 1, flip 0.
    @usableFromInline let tieKeep: UInt32
    @usableFromInline let tieFlip: UInt32
    @usableFromInline let isExponentOnly: Bool
    @usableFromInline let dropsNegativeZero: Bool    // fnuz

    /// Creates a minifloat; throws when its values do not fit the float32 fast path.
    public init(exponentBits: Int, mantissaBits: Int, bias: Int? = nil, specials: SpecialValues,
                saturating: Bool = false, name: String? = nil) throws {
        let e = exponentBits, m = mantissaBits
        guard (1 ... 8).contains(e) else { throw FormatError.invalidSpec(name ?? "fp:e\(e)m\(m)", reason: "exponent bits \(e) not in 1...8") }
        guard (0 ... 10).contains(m) else { throw FormatError.invalidSpec(name ?? "fp:e\(e)m\(m)", reason: "mantissa bits \(m) not in 0...10") }
        let b = bias ?? ((1 << (e - 1)) - 1)
        let spec = name ?? MiniFloat.parametricName(e, m, b, specials, saturating)
        // Every bias outside this range already fails the float32 range checks below; bounding it
        // first keeps their arithmetic (1 - bias, ...) from overflowing.
        guard (-1024 ... 1024).contains(b) else { throw FormatError.unrepresentable(spec, reason: "bias \(b) puts its values outside float32's range") }
        if specials == .exponentOnly, m != 0 { throw FormatError.invalidSpec(spec, reason: "e8m0-style formats have no mantissa") }
        if specials == .fn, e + m < 2 { throw FormatError.invalidSpec(spec, reason: "fn needs at least 2 exponent+mantissa bits") }
        if specials == .ieee, e < 2 { throw FormatError.invalidSpec(spec, reason: "ieee needs at least 2 exponent bits (with 1 the only binade is Inf/NaN)") }
        if specials == .ieee, m < 1 { throw FormatError.invalidSpec(spec, reason: "ieee needs at least 1 mantissa bit (with 0 there is no NaN code); use fn or finite") }
        self.exponentBits = e; self.mantissaBits = m; self.bias = b; self.specials = specials; isSaturating = saturating

        let top = (1 << e) - 1   // all-ones exponent field
        let emin = specials == .exponentOnly ? -b : 1 - b
        let emax: Int, maxMantissa: Int
        switch specials {
        case .ieee: emax = top - 1 - b; maxMantissa = (1 << m) - 1
        case .fn: (emax, maxMantissa) = m == 0 ? (top - 1 - b, 0) : (top - b, (1 << m) - 2)
        case .fnuz, .finite: emax = top - b; maxMantissa = (1 << m) - 1
        case .exponentOnly: emax = top - 1 - b; maxMantissa = 0
        }
        guard emax <= 127 else { throw FormatError.unrepresentable(spec, reason: "largest exponent \(emax) exceeds float32's 127") }
        guard emin - m >= -149 else { throw FormatError.unrepresentable(spec, reason: "smallest value 2^\(emin - m) is below float32's 2^-149") }
        guard specials == .exponentOnly || emin >= -126 else {
            throw FormatError.unrepresentable(spec, reason: "emin \(emin) below float32's -126 is not supported by the fast path")
        }
        guard specials == .exponentOnly || emin == -126 || m - emin <= 127 else {
            throw FormatError.unrepresentable(spec, reason: "its subnormals need the scaling 2^\(m - emin) = 2^(M - emin), beyond float32's 2^127, in the fast path")
        }
        guard specials == .exponentOnly || emin - m <= 0 else {
            throw FormatError.unrepresentable(spec, reason: "its smallest positive value 2^\(emin - m) = 2^(emin - M) is above 1, where the fast path's subnormal scaling |x| 2^(M - emin) underflows float32 for tiny x; use a bias above \(-m)")
        }
        let maxValue = (1 + Double(maxMantissa) / Double(1 << m)) * pow2(emax)
        shift = UInt32(23 - m)
        isExponentOnly = specials == .exponentOnly
        tieKeep = isExponentOnly ? 0 : 1
        tieFlip = isExponentOnly || (m == 0 && b % 2 == 0) ? 1 : 0
        dropsNegativeZero = specials == .fnuz
        lowMask = (1 << shift) - 1
        minNormalBits = Float(pow2(emin)).bitPattern
        maxBits = Float(maxValue).bitPattern
        floatSubnormalPath = specials != .exponentOnly && emin > -126
        subnormalQuantum = Float(pow2(Swift.max(emin - m, -149)))
        subnormalInverse = floatSubnormalPath ? Float(pow2(m - emin)) : 0
        let inf = Float.infinity.bitPattern, nan = Float.nan.bitPattern
        switch (specials, saturating) {
        case (_, true): overflowBits = maxBits; infinityBits = maxBits; nanBits = specials == .finite ? 0 : nan
        case (.ieee, false): overflowBits = inf; infinityBits = inf; nanBits = nan
        case (.fn, false), (.fnuz, false), (.exponentOnly, false): overflowBits = nan; infinityBits = nan; nanBits = nan
        case (.finite, false): overflowBits = maxBits; infinityBits = maxBits; nanBits = 0
        }
        let hasSub = specials != .exponentOnly && m > 0
        let bits = e + m + (specials == .exponentOnly ? 0 : 1)
        info = FormatInfo(
            name: spec, bits: bits, maxFinite: maxValue,
            minNormal: pow2(emin), minPositive: hasSub ? pow2(emin - m) : pow2(emin),
            hasInfinity: specials == .ieee && !saturating, hasNaN: specials != .finite,
            hasNegativeZero: specials != .fnuz && specials != .exponentOnly,
            specials: MiniFloat.specialsText(specials, saturating),
            definition: specials == .exponentOnly
                ? "E\(e)M0 bias \(b): 2^(e-\(b)), e in 0...\(top - 1); unsigned"
                : "E\(e)M\(m) bias \(b): (1+m/2^\(m))2^(e-\(b)), subnormals (m/2^\(m))2^\(emin)",
            family: .fp)
        decodeTable = (0 ..< (1 << bits)).map { MiniFloat.value(ofCode: $0, e, m, b, specials) }
    }

    public var saturating: any ElementFormat {
        (try? MiniFloat(exponentBits: exponentBits, mantissaBits: mantissaBits, bias: bias, specials: specials,
                        saturating: true, name: info.name.hasSuffix(":sat") ? info.name : info.name + ":sat")) ?? self
    }

    /// `fp:eEmM[:bB][:policy][:sat]`, the parametric spelling of any minifloat.
    static func parametricName(_ e: Int, _ m: Int, _ b: Int, _ s: SpecialValues, _ sat: Bool) -> String {
        let defaultBias = (1 << (e - 1)) - 1
        return "fp:e\(e)m\(m)" + (b == defaultBias ? "" : ":b\(b)") + ":\(s.rawValue)" + (sat ? ":sat" : "")
    }

    static func specialsText(_ s: SpecialValues, _ sat: Bool) -> String {
        let base: String
        switch s {
        case .ieee: base = "Inf, NaN; overflow -> Inf"
        case .fn: base = "NaN = S.1..1.1..1, no Inf; overflow -> NaN"
        case .fnuz: base = "NaN = 0x80..., no Inf, no -0; overflow -> NaN"
        case .finite: base = "finite only; overflow saturates; NaN -> +0"
        case .exponentOnly: base = "unsigned, no zero, all-ones = NaN; <=0 -> NaN"
        }
        return sat ? base + " (saturating: overflow, Inf -> max)" : base
    }

    /// The exact value of a code, straight from the definition above.
    static func value(ofCode code: Int, _ e: Int, _ m: Int, _ b: Int, _ s: SpecialValues) -> Float {
        let top = (1 << e) - 1
        if s == .exponentOnly { return code == top ? .nan : Float(pow2(code - b)) }
        let sign: Float = (code >> (e + m)) & 1 == 1 ? -1 : 1
        let field = (code >> m) & top, mant = code & ((1 << m) - 1)
        switch s {
        case .ieee where field == top: return mant == 0 ? sign * .infinity : .nan
        case .fn where field == top && mant == (1 << m) - 1: return .nan
        case .fnuz where code == 1 << (e + m): return .nan
        default: break
        }
        if field == 0 { return sign * Float(Double(mant) * pow2(1 - b - m)) }
        return sign * Float((1 + Double(mant) / Double(1 << m)) * pow2(field - b))
    }
}

/// `2^k` as a Double, exact for every k in [-1074, 1023].
@usableFromInline
func pow2(_ k: Int) -> Double {
    Double(sign: .plus, exponent: k, significand: 1)
}
