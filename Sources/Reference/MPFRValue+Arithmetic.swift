import CMPFR

/// MPFR's rounding modes (`mpfr_rnd_t`), named as IEEE 754 names them.
public enum MPFRRounding: Sendable, CaseIterable {
    case nearestEven, towardZero, towardPositive, towardNegative, awayFromZero

    @usableFromInline var raw: mpfr_rnd_t {
        switch self {
        case .nearestEven: return MPFR_RNDN
        case .towardZero: return MPFR_RNDZ
        case .towardPositive: return MPFR_RNDU
        case .towardNegative: return MPFR_RNDD
        case .awayFromZero: return MPFR_RNDA
        }
    }
}

/// Construction and arithmetic. Every operation returns a new value of the requested precision
/// (default: `MPFRValue.defaultPrecision`, enough for any exact sum of two Floats or Doubles of
/// moderate exponent range) rounded with `rounding`; its `ternary` records exactness.
extension MPFRValue {
    /// 1100 bits: the exact sum or difference of any two Doubles (exponents -1074 ... 1023, 53 bits).
    public static let defaultPrecision = 1100

    /// The integer `n` exactly (precision >= 64 holds any Int).
    public convenience init(int n: Int, precision: Int = 256) {
        self.init(precision: precision)
        ternary = Int(mpfr_set_si(ptr, n, MPFR_RNDN))
    }

    /// The rational `p / q`, rounded once with `rounding` (exact iff `ternary == 0`).
    public convenience init(numerator p: Int, denominator q: Int, precision: Int = 256,
                            rounding: MPFRRounding = .nearestEven) {
        self.init(precision: precision)
        let num = MPFRValue(int: p, precision: 128)
        let den = MPFRValue(int: q, precision: 128)
        ternary = Int(mpfr_div(ptr, num.ptr, den.ptr, rounding.raw))
    }

    /// `x` rounded once to `precision` bits with `rounding`.
    public convenience init(_ x: MPFRValue, precision: Int, rounding: MPFRRounding = .nearestEven) {
        self.init(precision: precision)
        ternary = Int(mpfr_set(ptr, x.ptr, rounding.raw))
    }

    /// `2^k` exactly.
    public static func power2(_ k: Int, precision: Int = 64) -> MPFRValue {
        let r = MPFRValue(precision: precision)
        r.ternary = Int(mpfr_set_si_2exp(r.ptr, 1, mpfr_exp_t(k), MPFR_RNDN))
        return r
    }

    public static var positiveInfinity: MPFRValue { let r = MPFRValue(precision: 24); mpfr_set_inf(r.ptr, 1); return r }
    public static var negativeInfinity: MPFRValue { let r = MPFRValue(precision: 24); mpfr_set_inf(r.ptr, -1); return r }
    public static func zero(negative: Bool = false) -> MPFRValue {
        let r = MPFRValue(precision: 24); mpfr_set_zero(r.ptr, negative ? -1 : 1); return r
    }

    @inline(__always)
    private func binary(_ other: MPFRValue, _ precision: Int?, _ rounding: MPFRRounding,
                        _ op: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>,
                               UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32) -> MPFRValue {
        let r = MPFRValue(precision: precision ?? MPFRValue.defaultPrecision)
        r.ternary = Int(op(r.ptr, ptr, other.ptr, rounding.raw))
        return r
    }

    @inline(__always)
    private func unary(_ precision: Int?, _ rounding: MPFRRounding,
                       _ op: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32) -> MPFRValue {
        let r = MPFRValue(precision: precision ?? MPFRValue.defaultPrecision)
        r.ternary = Int(op(r.ptr, ptr, rounding.raw))
        return r
    }

    public func adding(_ o: MPFRValue, precision: Int? = nil, rounding: MPFRRounding = .nearestEven) -> MPFRValue {
        binary(o, precision, rounding) { mpfr_add($0, $1, $2, $3) }
    }
    public func subtracting(_ o: MPFRValue, precision: Int? = nil, rounding: MPFRRounding = .nearestEven) -> MPFRValue {
        binary(o, precision, rounding) { mpfr_sub($0, $1, $2, $3) }
    }
    public func multiplied(by o: MPFRValue, precision: Int? = nil, rounding: MPFRRounding = .nearestEven) -> MPFRValue {
        binary(o, precision, rounding) { mpfr_mul($0, $1, $2, $3) }
    }
    public func divided(by o: MPFRValue, precision: Int? = nil, rounding: MPFRRounding = .nearestEven) -> MPFRValue {
        binary(o, precision, rounding) { mpfr_div($0, $1, $2, $3) }
    }
    /// `self ^ o`.
    public func power(_ o: MPFRValue, precision: Int? = nil, rounding: MPFRRounding = .nearestEven) -> MPFRValue {
        binary(o, precision, rounding) { mpfr_pow($0, $1, $2, $3) }
    }
    public func log2(precision: Int? = nil, rounding: MPFRRounding = .nearestEven) -> MPFRValue {
        unary(precision, rounding) { mpfr_log2($0, $1, $2) }
    }
    public func negated() -> MPFRValue { unary(precision, .nearestEven) { mpfr_neg($0, $1, $2) } }
    public func magnitude() -> MPFRValue { unary(precision, .nearestEven) { mpfr_abs($0, $1, $2) } }
    /// Round to an integer toward -inf (exact given enough precision).
    public func floor(precision: Int? = nil) -> MPFRValue {
        let r = MPFRValue(precision: precision ?? self.precision)
        r.ternary = Int(mpfr_floor(r.ptr, ptr)); return r
    }
    public func ceil(precision: Int? = nil) -> MPFRValue {
        let r = MPFRValue(precision: precision ?? self.precision)
        r.ternary = Int(mpfr_ceil(r.ptr, ptr)); return r
    }
    /// Round to an integer with the given MPFR rounding (nearest: ties to even).
    public func rint(rounding: MPFRRounding = .nearestEven, precision: Int? = nil) -> MPFRValue {
        unary(precision ?? self.precision, rounding) { mpfr_rint($0, $1, $2) }
    }
}
