import Foundation

/// The scalar formulas behind the reports, as pure functions of sums (all in Double).
/// Conventions: a value that is undefined (0/0) is NaN; a ratio with a zero denominator and a
/// positive numerator is +Inf.
public enum Measures {
    /// Quantization signal-to-noise ratio in dB ("INT v.s. FP", arXiv 2510.25602, Eq. for QSNR):
    /// 10 log10(sum x^2 / sum (x - q)^2). +Inf when the error is 0 (including x = q = 0);
    /// -Inf when x is all zero but q is not.
    public static func qsnrDB(signalEnergy: Double, errorEnergy: Double) -> Double {
        if errorEnergy == 0 { return .infinity }
        return 10 * log10(signalEnergy / errorEnergy)
    }

    /// Cosine similarity sum(x q) / sqrt(sum x^2 sum q^2). Both all zero: 1 (identical);
    /// exactly one all zero: 0.
    public static func cosineSimilarity(cross: Double, originalEnergy: Double, quantizedEnergy: Double) -> Double {
        if originalEnergy == 0 && quantizedEnergy == 0 { return 1 }
        if originalEnergy == 0 || quantizedEnergy == 0 { return 0 }
        return cross / (originalEnergy * quantizedEnergy).squareRoot()  // one rounding less; 1 when x = q
    }

    /// Crest factor max|x| / RMS(x) (FORMATS.md; "INT v.s. FP" writes max|X| / sigma, the same for
    /// zero-mean data). NaN when x is all zero.
    public static func crestFactor(absMax: Double, rms: Double) -> Double {
        rms == 0 ? .nan : absMax / rms
    }

    /// Pearson's kurtosis, not excess: m4 / m2^2 with m_k = mean((x - mean)^k), the population
    /// central moments (a Gaussian gives 3, a uniform 1.8, two equal point masses 1). NaN when m2 = 0.
    public static func kurtosis(centralMoment2 m2: Double, centralMoment4 m4: Double) -> Double {
        m2 == 0 ? .nan : m4 / (m2 * m2)
    }

    /// A share k / n; NaN when n = 0.
    public static func share(_ k: Int, of n: Int) -> Double {
        n == 0 ? .nan : Double(k) / Double(n)
    }
}
