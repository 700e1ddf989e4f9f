/// `2^x` and `log2 x` in Double from IEEE `+ - * /` and exact power-of-two scaling only, in a fixed
/// order, so a searched scale is the same bits on every machine (libm's `exp2`/`log2` are not
/// correctly rounded and differ between libm builds and CPU dispatch paths). Within a few ulps.
///
/// - `exp2`: `k = round(x)` (exact), `r = x - k` (exact, |r| <= 1/2), `2^r = sum (r ln 2)^n / n!` as
///   a Horner polynomial in `r` with coefficients `(ln 2)^n / n!`, n <= 16 (truncation < 1e-20),
///   then scaled by `2^k`. Only `r` enters the polynomial, so `exp2(x + j) = exp2(x) 2^j` for an
///   integer j whenever `x + j` is exact and no result is subnormal.
/// - `log2`: `x = m 2^e`, m in [sqrt(1/2), sqrt(2)); `log2 m = (2 / ln 2) atanh(s)`,
///   `s = (m - 1)/(m + 1)`, |s| <= 0.1716, `atanh s = s sum s^(2k)/(2k+1)`, k <= 12.
public enum BinaryPowers {
    static let ln2 = 0.693147180559945309417232121458176568
    static let twoOverLn2 = 2.88539008177792681471984936200378427
    static let sqrt2 = 1.41421356237309504880
    /// (ln 2)^n / n!, n = 0...16.
    static let exp2Coefficients: [Double] = (0 ... 16).reduce(into: [Double]()) { c, n in
        c.append(n == 0 ? 1 : c[n - 1] * ln2 / Double(n))
    }
    /// 1/(2k+1), k = 0...12.
    static let atanhCoefficients: [Double] = (0 ... 12).map { 1.0 / Double(2 * $0 + 1) }

    /// 2^x; +Inf above 1024, 0 below -1075, NaN for NaN.
    public static func exp2(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x >= 1024 { return .infinity }
        if x < -1075 { return 0 }
        let k = x.rounded(.toNearestOrEven)
        let r = x - k
        var p = exp2Coefficients[exp2Coefficients.count - 1]
        for c in exp2Coefficients.dropLast().reversed() { p = p * r + c }
        return Double(sign: .plus, exponent: Int(k), significand: p)
    }

    /// log2 x; -Inf for 0, NaN for negatives and NaN, +Inf for +Inf. Exact for powers of two.
    public static func log2(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var m = x, e = 0
        if m < Double.leastNormalMagnitude { m *= 0x1p54; e = -54 }
        e += Int(m.exponent)
        m = m.significand
        if m > sqrt2 { m *= 0.5; e += 1 }
        let s = (m - 1) / (m + 1)
        let z = s * s
        var p = atanhCoefficients[atanhCoefficients.count - 1]
        for c in atanhCoefficients.dropLast().reversed() { p = p * z + c }
        return Double(e) + twoOverLn2 * s * p
    }
}
