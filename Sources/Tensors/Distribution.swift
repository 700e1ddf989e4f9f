/// A synthetic value distribution. All sampling is in Double on a `RandomStream` and every
/// transform is written out (see `sample`), so values are bit-identical across machines.
public enum Distribution: Sendable, Equatable {
    /// Gaussian: mean + std * z, z by the Marsaglia polar method.
    case normal(mean: Double, std: Double)
    /// Laplace (double exponential) by inverse CDF: with v uniform in (-1/2, 1/2),
    /// x = location - scale * sign(v) * ln(1 - 2|v|). Variance 2 scale^2, kurtosis 6.
    case laplace(location: Double, scale: Double)
    /// Student's t with nu > 0 degrees of freedom: z / sqrt(chi2 / nu), chi2 = 2 * Gamma(nu/2) by
    /// Marsaglia-Tsang (any real nu). Variance nu/(nu-2) for nu > 2, kurtosis 3 + 6/(nu-4) for nu > 4.
    case studentT(nu: Double)
    /// Uniform on [low, high): low + (high - low) * u.
    case uniform(low: Double, high: Double)
    /// Log-normal: exp(mu + sigma * z), exp being `DeterministicMath.exp`.
    case logNormal(mu: Double, sigma: Double)
    /// Activation-like: normal(0, std) rows (last axis = channels) in which `channels` columns,
    /// chosen by the seed, are multiplied by `factor` (the outlier-channel pattern of LLM.int8()).
    case outliers(channels: Int, factor: Double, std: Double)

    /// One draw from the distribution; for `.outliers` a draw before channel scaling.
    public func sample(_ rng: inout RandomStream) -> Double {
        switch self {
        case let .normal(mean, std):
            return mean + std * rng.nextNormal()
        case let .laplace(location, scale):
            let v = rng.nextOpenDouble() - 0.5
            let e = -DeterministicMath.log(1 - 2 * abs(v))
            return v < 0 ? location - scale * e : location + scale * e
        case let .studentT(nu):
            let z = rng.nextNormal()
            let chi2 = 2 * rng.nextGamma(nu / 2)
            return z / (chi2 / nu).squareRoot()
        case let .uniform(low, high):
            return low + (high - low) * rng.nextDouble()
        case let .logNormal(mu, sigma):
            return DeterministicMath.exp(mu + sigma * rng.nextNormal())
        case let .outliers(_, _, std):
            return std * rng.nextNormal()
        }
    }
}
