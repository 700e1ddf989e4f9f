import Foundation

/// The QSNR of one block format as a function of the block crest factor kappa = max|X| / sigma, for
/// a block of iid X ~ N(0, sigma^2) ("INT v.s. FP", arXiv 2510.25602, Sec. 4 / Theorems 1-2), in the
/// form the authors' public code evaluates it (`theoretical_comparisons.py` of ChenMnZ/INT_vs_FP,
/// read in a file-identical copy; PAPERS.md section 9, tag [code]). All in Double, in units of sigma.
///
/// The scale is `s' = rho * kappa * sigma / Qmax`: the ideal scale amax / Qmax times the rounding
/// overshoot rho (a UE8M0 scale rounds up to a power of two, rho in [1, 2), the code takes 1.5; an
/// E4M3 scale is nearly exact, the code takes 1.05).
///
/// INT, b bits (uniform step s', error s'^2 / 12 per element, relative to sigma^2):
///   R_INT = (rho kappa)^2 / (12 Qmax^2) * c,   QSNR = -10 log10 R_INT
/// with c = 1 - 1/g when the block maximum is (nearly) error-free (E4M3 block scale, g = 16: the NV
/// correction) and c = 1 otherwise. `IntegerNoise` says which Qmax and which constants:
/// - `printed`: the code's MX line as printed, 10.8 + 6.02 (b - 1) - 20 log10 rho - 20 log10 kappa
///   (10.8 for 10 log10 12 = 10.792, 6.02 for 20 log10 2 = 6.0206, Qmax = 2^(b-1));
/// - `halfRange`: the exact expression with Qmax = 2^(b-1) (the code's NV line);
/// - `symmetric`: the exact expression with the true symmetric Qmax = 2^(b-1) - 1 (PAPERS.md,
///   Corrections item 3: 20 log10(8/7) = 1.16 dB below `halfRange` at 4 bits, 0.07 dB at 8).
///
/// FP with M mantissa bits, exponent bias B, largest value Qmax (z-domain thresholds, Phi and phi
/// the standard normal CDF and PDF):
///   alpha_M = 1 / (24 * 2^(2M))                  relative MSE in a normal binade (2^-2M / 12 * int_1^2 x^-2 dx)
///   beta    = 2^(2(1 - B - M)) / (12 Qmax^2)     subnormal step^2 / 12, per (rho kappa)^2
///   tau0    = (rho kappa / Qmax) 2^(-B-M)        half the smallest subnormal
///   tau1    = (rho kappa / Qmax) 2^(1-B)         the smallest normal
///   p_sub   = 2 (Phi(tau1) - Phi(tau0))          probability of the subnormal band
///   w_zero  = 2 Phi(tau0) - 1 - 2 tau0 phi(tau0) energy share flushed to zero
///   w_norm  = 2 (tau1 phi(tau1) + 1 - Phi(tau1)) energy share in the normals
///   QSNR_FP = -10 log10( alpha_M w_norm + beta (rho kappa)^2 p_sub + w_zero )
/// and with the NV correction w_norm is replaced by max(0, w_norm - kappa^2 / g) (the block maximum,
/// energy kappa^2 / g of the block's, is represented almost exactly).
public struct QSNRModel: Sendable, Equatable {
    /// Which integer step the INT model assumes (see the type's documentation).
    public enum IntegerNoise: String, Sendable, Equatable {
        case printed, halfRange, symmetric
    }

    /// The element format the model describes.
    public enum Element: Sendable, Equatable {
        /// Symmetric integer of `bits` bits.
        case integer(bits: Int, noise: IntegerNoise)
        /// Minifloat with `mantissaBits` M, exponent `bias` B and largest finite value `maxValue` Qmax.
        case float(mantissaBits: Int, bias: Int, maxValue: Double)
    }

    public var element: Element
    /// The scale's rounding overshoot rho (1.5 for UE8M0, 1.05 for E4M3 in the authors' code).
    public var rho: Double
    /// g when the block maximum is treated as error-free (the NV correction); nil for none.
    public var blockMaxGroup: Int?

    public init(element: Element, rho: Double, blockMaxGroup: Int? = nil) {
        self.element = element
        self.rho = rho
        self.blockMaxGroup = blockMaxGroup
    }

    /// The model's QSNR (dB) of a block with crest factor `kappa` (> 0).
    public func qsnrDB(crest kappa: Double) -> Double {
        switch element {
        case let .integer(bits, noise):
            let keep = blockMaxGroup.map { 1 - 1 / Double($0) } ?? 1
            if noise == .printed {
                return 10.8 + 6.02 * Double(bits - 1) - 20 * log10(rho) - 20 * log10(kappa) - 10 * log10(keep)
            }
            let qmax = Double(1 << (bits - 1)) - (noise == .symmetric ? 1 : 0)
            return -10 * log10((rho * kappa) * (rho * kappa) / (12 * qmax * qmax) * keep)
        case let .float(m, b, qmax):
            return -10 * log10(floatErrorShare(kappa: kappa, m: m, b: b, qmax: qmax))
        }
    }

    /// alpha_M w_norm + beta (rho kappa)^2 p_sub + w_zero (the relative MSE of the FP model).
    func floatErrorShare(kappa: Double, m: Int, b: Int, qmax: Double) -> Double {
        let alpha = 1 / (24 * pow(2, Double(2 * m)))
        let beta = pow(2, Double(2 * (1 - b - m))) / (12 * qmax * qmax)
        let scale = rho * kappa / qmax
        let tau0 = scale * pow(2, Double(-b - m)), tau1 = scale * pow(2, Double(1 - b))
        let pSub = 2 * (Self.cdf(tau1) - Self.cdf(tau0))
        let wZero = 2 * Self.cdf(tau0) - 1 - 2 * tau0 * Self.pdf(tau0)
        var wNorm = 2 * (tau1 * Self.pdf(tau1) + (1 - Self.cdf(tau1)))
        if let g = blockMaxGroup { wNorm = Swift.max(0, wNorm - kappa * kappa / Double(g)) }
        return alpha * wNorm + beta * (rho * kappa) * (rho * kappa) * pSub + wZero
    }

    /// Phi(z) = erfc(-z / sqrt 2) / 2, the standard normal CDF.
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// phi(z) = exp(-z^2 / 2) / sqrt(2 pi), the standard normal PDF.
    static func pdf(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
}
