import CMPFR

/// Predicates, comparisons (exact, whatever the precisions) and conversions.
extension MPFRValue: Comparable, CustomStringConvertible {
    public var isNaN: Bool { mpfr_nan_p(ptr) != 0 }
    public var isInfinite: Bool { mpfr_inf_p(ptr) != 0 }
    public var isZero: Bool { mpfr_zero_p(ptr) != 0 }
    public var isFinite: Bool { mpfr_number_p(ptr) != 0 }
    /// The sign bit (true for -0 too).
    public var signBit: Bool { mpfr_signbit(ptr) != 0 }
    /// True when exact computation produced it (`ternary == 0`).
    public var isExact: Bool { ternary == 0 }

    /// -1, 0, +1 (0 for NaN operands, which compare unordered).
    public func compare(_ o: MPFRValue) -> Int { Int(mpfr_cmp(ptr, o.ptr).signum()) }

    public static func == (a: MPFRValue, b: MPFRValue) -> Bool { mpfr_equal_p(a.ptr, b.ptr) != 0 }
    public static func < (a: MPFRValue, b: MPFRValue) -> Bool { mpfr_less_p(a.ptr, b.ptr) != 0 }
    public static func <= (a: MPFRValue, b: MPFRValue) -> Bool { mpfr_lessequal_p(a.ptr, b.ptr) != 0 }
    public static func > (a: MPFRValue, b: MPFRValue) -> Bool { mpfr_greater_p(a.ptr, b.ptr) != 0 }
    public static func >= (a: MPFRValue, b: MPFRValue) -> Bool { mpfr_greaterequal_p(a.ptr, b.ptr) != 0 }

    /// The value as a Double rounded with `rounding`.
    public func toDouble(rounding: MPFRRounding = .nearestEven) -> Double { mpfr_get_d(ptr, rounding.raw) }

    /// The value as a Double when exactly representable (including ±0, ±Inf; NaN gives NaN).
    public var exactDouble: Double? {
        if isNaN { return .nan }
        let d = mpfr_get_d(ptr, MPFR_RNDN)
        let back = MPFRValue(d, precision: 64)
        return back == self || (isZero && d == 0) ? d : nil
    }

    /// The value as a Float when exactly representable (subnormals included; NaN gives NaN).
    public var exactFloat: Float? {
        guard let d = exactDouble else { return nil }
        let f = Float(d)
        return d.isNaN || Double(f) == d ? f : nil
    }

    /// The value as a Float; traps when it is not one (callers use it for values known exact).
    public var float: Float {
        guard let f = exactFloat else { preconditionFailure("MPFR value \(self) is not a Float") }
        return f
    }

    public var description: String {
        if isNaN { return "nan" }
        if isInfinite { return signBit ? "-inf" : "inf" }
        var exp: mpfr_exp_t = 0
        guard let s = mpfr_get_str(nil, &exp, 10, 0, ptr, MPFR_RNDN) else { return "?" }
        defer { mpfr_free_str(s) }
        var digits = String(cString: s)
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        return (negative ? "-" : "") + "0." + digits + "e" + String(exp)
    }
}
