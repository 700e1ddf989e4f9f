/// The fast path: rounding a float32 to a minifloat with integer and float operations only, no
/// branches after inlining, so LLVM vectorizes the buffer loop.
///
/// With `a = |x|` as float32 bits and `shift = 23 - M`:
/// - normal range (`|x| >= 2^emin`, or everywhere when emin = -126): the float32 significand is cut to
///   M bits. `low = a & (2^shift - 1)` is the dropped part, `frac = low / 2^shift`; the magnitude is
///   rounded up by adding `2^shift` to `a & ~(2^shift - 1)`, which carries into the exponent when the
///   significand overflows. Nearest-even rounds up iff `low > half`, or `low == half` and the kept
///   mantissa is odd.
/// - subnormal range (`|x| < 2^emin`, emin > -126): `y = |x| 2^(M - emin)` is exact and below `2^M`;
///   `(y + 2^23) - 2^23` is y rounded to an integer, ties to even (float32 addition, IEEE §4.3.1); the
///   other modes compare the exact fraction `y - floor(y)` with 1/2, 0 or `u`.
/// Stochastic rounds the magnitude up iff `frac > u`, `u = (random >> 8) / 2^24` (`StochasticBits`).
/// Then the specials: NaN input, infinite input, overflow (result above `maxFinite`), -0 in fnuz.
extension MiniFloat {
    @inlinable @inline(__always)
    public func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        round(x, mode: mode, random: random, floatSubnormals: floatSubnormalPath, exponentOnly: isExponentOnly)
    }

    /// The rounding itself; `floatSubnormals` and `exponentOnly` are this format's facts, passed
    /// as parameters so that the buffer path can fix them as constants (see `Specialized`).
    @inlinable @inline(__always)
    func round(_ x: Float, mode: RoundingMode, random: UInt32, floatSubnormals: Bool, exponentOnly: Bool) -> Float {
        // Branch-free on the format's facts (they are data: selects, not branches), so the buffer
        // loop vectorizes whatever the format.
        let bits = x.bitPattern
        let a = bits & 0x7FFF_FFFF
        let negative = bits >> 31 == 1
        let magnitudeUp = mode.roundsMagnitudeUp(negative: negative)

        // Normal range: integer rounding of the float32 significand. `tieUp` is 1 for E8M0, whose
        // ties round up (no mantissa bit to be even), else the kept mantissa's last bit.
        let low = a & lowMask
        let base = a & ~lowMask
        let carry: Bool
        switch mode {
        case .nearestEven: carry = low &+ (lowMask >> 1) &+ (((base >> shift) & 1) | tieUpBit) > lowMask
        case .nearestAway: carry = low > (lowMask >> 1)
        case .towardZero: carry = false
        case .towardPositive, .towardNegative: carry = magnitudeUp && low != 0
        case .stochastic: carry = (low << (24 - shift)) > (random >> 8)
        }
        var r = base &+ (carry ? lowMask &+ 1 : 0)

        if floatSubnormals {
            // Subnormal range (emin > -126): float arithmetic on y = |x| 2^(M - emin) < 2^M.
            let y = Float(bitPattern: a) * subnormalInverse
            let k = MagnitudeRounding.toInteger(y, mode: mode, magnitudeUp: magnitudeUp, random: random)
            let sub = (k * subnormalQuantum).bitPattern
            r = a < minNormalBits ? sub : r
        }
        if exponentOnly {
            r = exponentOnlyBelowFloatNormals(a, r, mode: mode, magnitudeUp: magnitudeUp, random: random)
        }

        // Overflow: IEEE 754 §7.4, then the format's rule.
        let down = mode.roundsMagnitudeDown(negative: negative)
        r = r > maxBits ? (down ? maxBits : overflowBits) : r
        r = a == 0x7F80_0000 ? infinityBits : r
        r = a > 0x7F80_0000 ? nanBits : r
        // Unsigned, no zero (E8M0): a negative or zero input has no code but NaN.
        r = exponentOnly && (negative || a == 0) ? nanBits : r
        let keepSign = !exponentOnly && r <= 0x7F80_0000 && a <= 0x7F80_0000 && !(dropsNegativeZero && r == 0)
        return Float(bitPattern: r | (keepSign ? bits & 0x8000_0000 : 0))
    }

    /// E8M0's smallest value 2^-127 is a float32 subnormal (bits 0x0040_0000); below 2^-126 the
    /// neighbours are 2^-127 and 2^-126, and inputs under 2^-127 go to 2^-127 (there is no zero).
    /// Ties (1.5 2^-127) round up, as every E8M0 tie does.
    @inlinable @inline(__always)
    func exponentOnlyBelowFloatNormals(_ a: UInt32, _ r: UInt32, mode: RoundingMode, magnitudeUp: Bool,
                                       random: UInt32) -> UInt32 {
        let lo: UInt32 = 0x0040_0000, hi: UInt32 = 0x0080_0000
        let above = a > lo
        let up: Bool
        switch mode {
        case .nearestEven, .nearestAway: up = a >= lo + (lo >> 1)
        case .towardZero: up = false
        case .towardPositive, .towardNegative: up = magnitudeUp && above
        case .stochastic: up = above && ((a &- lo) << 2) > (random >> 8)
        }
        return a < hi ? (up ? hi : lo) : r
    }

    /// Fake-quantizes a buffer with the specialized, vectorized kernel.
    public func quantize(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                         mode: RoundingMode, seed: UInt64, indexOffset: Int) {
        switch (floatSubnormalPath, isExponentOnly) {
        case (true, _): ElementKernel.run(Specialized<True, False>(format: self), input, output, mode: mode, seed: seed, indexOffset: indexOffset)
        case (false, false): ElementKernel.run(Specialized<False, False>(format: self), input, output, mode: mode, seed: seed, indexOffset: indexOffset)
        case (false, true): ElementKernel.run(Specialized<False, True>(format: self), input, output, mode: mode, seed: seed, indexOffset: indexOffset)
        }
    }

    /// The rounding with the two path choices fixed as type-level constants, so each buffer loop
    /// holds only the code its format needs.
    @usableFromInline
    struct Specialized<Subnormals: StaticFlag, ExponentOnly: StaticFlag>: ElementRounding {
        @usableFromInline let format: MiniFloat
        @usableFromInline init(format: MiniFloat) { self.format = format }
        @inlinable @inline(__always)
        func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
            format.round(x, mode: mode, random: random, floatSubnormals: Subnormals.value, exponentOnly: ExponentOnly.value)
        }
    }
}

/// A Boolean known at compile time (for specializing kernels).
public protocol StaticFlag { static var value: Bool { get } }
public enum True: StaticFlag { @inlinable public static var value: Bool { true } }
public enum False: StaticFlag { @inlinable public static var value: Bool { false } }

extension MiniFloat {
}
