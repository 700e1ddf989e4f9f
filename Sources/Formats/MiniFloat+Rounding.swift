/// The fast path: rounding a float32 to a minifloat with integer and float operations only, no
/// branches after inlining, so LLVM vectorizes the buffer loop.
///
/// With `a = |x|` as float32 bits and `shift = 23 - M`:
/// - normal range (`|x| >= 2^emin`, or everywhere when emin = -126): the float32 significand is cut to
///   M bits. `low = a & (2^shift - 1)` is the dropped part, `frac = low / 2^shift`; the magnitude is
///   rounded up by adding `2^shift` to `a & ~(2^shift - 1)`, which carries into the exponent when the
///   significand overflows. Nearest-even rounds up iff `low > half`, or `low == half` and the kept
///   code is odd: its last mantissa bit, or with M = 0 its exponent field's, `E32 - 127 + bias`, whose
///   parity is float32's exponent bit `a >> 23` flipped when the bias is even (`tieFlip`).
/// - subnormal range (`|x| < 2^emin`, emin > -126): `y = |x| 2^(M - emin)` is below `2^M` and exact
///   unless it falls below float32's normals; `(y + 2^23) - 2^23` is y rounded to an integer, ties to
///   even (float32 addition, IEEE §4.3.1); the other modes compare the fraction `y - floor(y)` with
///   1/2, 0 or `u` (a multiple of 2^-24), so below 2^-25 only `y > 0` matters, and y > 0 for every
///   nonzero x because `MiniFloat` requires `emin - M <= 0`.
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

        // Normal range: integer rounding of the float32 significand, `r = (a + increment) & ~lowMask`
        // with the increment that carries exactly when the mode rounds up. Nearest-even adds
        // `half - 1` plus the kept code's last bit (`tieKeep`, `tieFlip`: E8M0's ties go up);
        // stochastic adds `lowMask - (u24 >> (24 - shift))`, which carries iff `low > u 2^shift`,
        // i.e. iff `frac > u`.
        let increment: UInt32
        switch mode {
        case .nearestEven: increment = (lowMask >> 1) &+ (((a >> shift) & tieKeep) ^ tieFlip)
        case .nearestAway: increment = (lowMask >> 1) &+ 1
        case .towardZero: increment = 0
        case .towardPositive, .towardNegative: increment = magnitudeUp ? lowMask : 0
        case .stochastic: increment = lowMask &- ((random >> 8) >> (24 - shift))
        }
        var r = (a &+ increment) & ~lowMask

        if floatSubnormals {
            // Subnormal range (emin > -126): float arithmetic on y = |x| 2^(M - emin) < 2^M.
            let y = Float(bitPattern: a) * subnormalInverse
            let k = MagnitudeRounding.toInteger(y, mode: mode, magnitudeUp: magnitudeUp, random: random)
            let sub = (k * subnormalQuantum).bitPattern
            r = Int32(bitPattern: a) < Int32(bitPattern: minNormalBits) ? sub : r
        }
        if exponentOnly {
            r = exponentOnlyBelowFloatNormals(a, r, mode: mode, magnitudeUp: magnitudeUp, random: random)
        }

        // Overflow: IEEE 754 §7.4, then the format's rule. Magnitude bit patterns are below 2^31, so
        // they compare as signed integers (one SSE2 instruction, where unsigned needs three); an
        // `r` that wrapped past 2^31 came from a NaN input, which the NaN select replaces.
        let sa = Int32(bitPattern: a), sr = Int32(bitPattern: r)
        let down = mode.roundsMagnitudeDown(negative: negative)
        r = sr > Int32(bitPattern: maxBits) ? (down ? maxBits : overflowBits) : r
        r = sa == 0x7F80_0000 ? infinityBits : r
        r = sa > 0x7F80_0000 ? nanBits : r
        // Unsigned, no zero (E8M0): a negative or zero input has no code but NaN.
        r = exponentOnly && (negative || a == 0) ? nanBits : r
        let finite = Int32(bitPattern: r) <= 0x7F80_0000 && sa <= 0x7F80_0000
        let keepSign = !exponentOnly && finite && !(dropsNegativeZero && r == 0)
        return Float(bitPattern: r | (keepSign ? bits & 0x8000_0000 : 0))
    }

    /// Exponent-only formats (E8M0 and its kin) below float32's normal range, where the integer
    /// rounding above does not apply: between the powers of two `lo = 2^floor(log2 |x|)` and `2 lo`
    /// (found from the leading zeros of the subnormal's bits), nearest rounds up at `1.5 lo` and
    /// above (ties up, as every E8M0 tie), stochastic iff `(|x| - lo) / lo > u`. Then every input
    /// below the smallest value `2^-bias` becomes it (there is no zero).
    @inlinable @inline(__always)
    func exponentOnlyBelowFloatNormals(_ a: UInt32, _ r: UInt32, mode: RoundingMode, magnitudeUp: Bool,
                                       random: UInt32) -> UInt32 {
        var result = r
        if a < 0x0080_0000 && a != 0 {
            let lo = UInt32(1) << (31 - a.leadingZeroBitCount)
            let up: Bool
            switch mode {
            case .nearestEven, .nearestAway: up = a >= lo + (lo >> 1)
            case .towardZero: up = false
            case .towardPositive, .towardNegative: up = magnitudeUp && a > lo
            case .stochastic: up = UInt64(a - lo) << 24 > UInt64(random >> 8) * UInt64(lo)
            }
            result = up ? lo << 1 : lo
        }
        return a < minNormalBits ? minNormalBits : result
    }

    /// The loops with the rounding's two path choices fixed as types (`Specialized`), so each loop
    /// holds only the code this format needs.
    public var kernels: SpecializedKernels {
        switch (floatSubnormalPath, isExponentOnly) {
        case (true, _): return SpecializedKernels(format: self, rounder: Specialized<True, False>(format: self))
        case (false, false): return SpecializedKernels(format: self, rounder: Specialized<False, False>(format: self))
        case (false, true): return SpecializedKernels(format: self, rounder: Specialized<False, True>(format: self))
        }
    }

    /// The rounding with the two path choices fixed as type-level constants, so each buffer loop
    /// holds only the code its format needs. Public so that other kernels (Gemm's accumulators)
    /// inline it into their own loops; `Subnormals` must be `floatSubnormalPath`.
    public struct Specialized<Subnormals: StaticFlag, ExponentOnly: StaticFlag>: ElementRounding, Sendable {
        public let format: MiniFloat
        @inlinable public init(format: MiniFloat) { self.format = format }
        @inlinable @inline(__always)
        public func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
            format.round(x, mode: mode, random: random, floatSubnormals: Subnormals.value, exponentOnly: ExponentOnly.value)
        }
    }
}

/// A Boolean known at compile time (for specializing kernels).
public protocol StaticFlag { static var value: Bool { get } }
public enum True: StaticFlag { @inlinable public static var value: Bool { true } }
public enum False: StaticFlag { @inlinable public static var value: Bool { false } }
