/// Seeded sampling primitives over `Xoshiro256StarStar`, each transform written out here (no
/// platform RNG, no libm), so a seed yields the same bits on every machine.
public struct RandomStream: Sendable {
    private var generator: Xoshiro256StarStar
    private var spareNormal: Double?

    public init(seed: UInt64) {
        generator = Xoshiro256StarStar(seed: seed)
    }

    public mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1): the top 53 bits times 2^-53 (every value a multiple of 2^-53, exact).
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in (0, 1): (top 52 bits + 1/2) * 2^-52, exact, never 0 or 1, so its log is finite.
    public mutating func nextOpenDouble() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1p-52
    }

    /// Uniform integer in [0, n) for n >= 1, unbiased (Lemire's multiply-shift with rejection).
    public mutating func nextBelow(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let (high, low) = next().multipliedFullWidth(by: bound)
            if low >= threshold { return Int(high) }
        }
    }

    /// Standard normal by the Marsaglia polar method: u, v uniform in [-1, 1), s = u^2 + v^2,
    /// rejected unless 0 < s < 1; then u*f and v*f with f = sqrt(-2 ln(s) / s) are two independent
    /// normals (the second is kept for the next call). ln is `DeterministicMath.log`.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            guard s > 0, s < 1 else { continue }
            let f = (-2 * DeterministicMath.log(s) / s).squareRoot()
            spareNormal = v * f
            return u * f
        }
    }

    /// Gamma(shape a, scale 1) by Marsaglia and Tsang (2000), for a > 0:
    /// d = a - 1/3, c = 1/sqrt(9d); draw z normal, v = (1 + c z)^3 (retry if 1 + c z <= 0), u uniform;
    /// accept d*v if u < 1 - 0.0331 z^4 or ln u < z^2/2 + d(1 - v + ln v).
    /// For a < 1: Gamma(a) = Gamma(a + 1) * u^(1/a), with u^(1/a) = exp(ln(u)/a).
    /// Returns NaN for a <= 0 or NaN and +Inf for a = +Inf (no draw), so it always terminates.
    public mutating func nextGamma(_ a: Double) -> Double {
        guard a > 0, a.isFinite else { return a == .infinity ? .infinity : .nan }
        if a < 1 {
            let boost = DeterministicMath.exp(DeterministicMath.log(nextOpenDouble()) / a)
            return nextGamma(a + 1) * boost
        }
        let d = a - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let z = nextNormal()
            let t = 1 + c * z
            guard t > 0 else { continue }
            let v = t * t * t
            let u = nextOpenDouble()
            let z2 = z * z
            if u < 1 - 0.0331 * z2 * z2 { return d * v }
            if DeterministicMath.log(u) < 0.5 * z2 + d * (1 - v + DeterministicMath.log(v)) { return d * v }
        }
    }
}
