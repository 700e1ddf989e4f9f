/// `log` and `exp` in Double using only IEEE +, -, *, / and exact power-of-two scaling, in a fixed
/// order, so results are bit-identical on every platform (libm's `log`/`exp` are not correctly
/// rounded and differ between glibc, Apple libm and musl). Accuracy is about 1 ulp, which is plenty
/// for sampling; determinism is the point. `sqrt` needs no replacement: IEEE 754 requires it to be
/// correctly rounded everywhere.
public enum DeterministicMath {
    /// ln 2 split so that `k * ln2Hi` is exact for |k| < 2^20 (fdlibm constants).
    static let ln2Hi = 6.93147180369123816490e-01
    static let ln2Lo = 1.90821492927058770002e-10
    static let sqrt2 = 1.41421356237309504880

    /// 1/(2k+1), k = 0...12, for the atanh series.
    static let atanhCoefficients: [Double] = (0...12).map { 1.0 / Double(2 * $0 + 1) }
    /// 1/n!, n = 0...14, for the exp Taylor series.
    static let expCoefficients: [Double] = (0...14).reduce(into: [Double]()) { c, n in
        c.append(n == 0 ? 1 : c[n - 1] / Double(n))
    }

    /// Natural logarithm. Reduction: x = m * 2^e with m in [sqrt(1/2), sqrt(2)); then
    /// ln m = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 0.1716, summed as 2s * sum_{k<=12} s^(2k)/(2k+1)
    /// by Horner (truncation < 1e-19); ln x = e*ln2Hi + (e*ln2Lo + ln m).
    /// Returns -Inf for 0, NaN for negatives and NaN, +Inf for +Inf.
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var m = x
        var e = 0
        if m < Double.leastNormalMagnitude {
            m *= 0x1p54
            e = -54
        }
        e += Int(m.exponent)
        m = m.significand  // [1, 2)
        if m > sqrt2 {
            m *= 0.5
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let z = s * s
        var p = atanhCoefficients[atanhCoefficients.count - 1]
        for c in atanhCoefficients.dropLast().reversed() { p = p * z + c }
        let lnM = 2 * s * p
        let k = Double(e)
        return k * ln2Hi + (k * ln2Lo + lnM)
    }

    /// e^x. Reduction: k = round(x / ln 2), r = (x - k*ln2Hi) - k*ln2Lo, |r| <= 0.347; e^r by
    /// Horner over 1/n!, n <= 14 (truncation < 1e-19); result = e^r * 2^k by exact exponent scaling
    /// (a single rounding when the result is subnormal). Overflow gives +Inf, underflow 0.
    public static func exp(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let k = (x * 1.44269504088896338700).rounded(.toNearestOrEven)
        let r = (x - k * ln2Hi) - k * ln2Lo
        var p = expCoefficients[expCoefficients.count - 1]
        for c in expCoefficients.dropLast().reversed() { p = p * r + c }
        return Double(sign: .plus, exponent: Int(k), significand: p)
    }
}
