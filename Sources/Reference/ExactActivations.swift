/// The exact functions the integer-only operators approximate, evaluated with MPFR at 96 bits
/// (every operation correctly rounded there, so far below Double's precision for these sums of at
/// most millions of terms) and rounded once to Double; the approximations' errors are measured
/// against these.
public enum ExactActivations {
    static let precision = 96

    /// e^x.
    public static func exp(_ x: Double) -> Double { MPFRValue(x, precision: precision).exp().toDouble() }

    /// softmax of a row: e^(x_i) / sum_j e^(x_j), the sum and quotient in MPFR.
    public static func softmax(_ row: [Double]) -> [Double] {
        let e = row.map { MPFRValue($0, precision: precision).exp() }
        let sum = e.dropFirst().reduce(e.first ?? MPFRValue(0.0, precision: precision)) { $0.adding($1, precision: precision) }
        return e.map { $0.divided(by: sum, precision: precision).toDouble() }
    }

    /// GELU(x) = x Phi(x) = x (1 + erf(x / sqrt 2)) / 2.
    public static func gelu(_ x: Double) -> Double {
        let v = MPFRValue(x, precision: precision)
        let root2 = MPFRValue(2.0, precision: precision).squareRoot()
        let phi = v.divided(by: root2, precision: precision).erf().adding(MPFRValue(1.0), precision: precision)
        return v.multiplied(by: phi, precision: precision).divided(by: MPFRValue(2.0), precision: precision).toDouble()
    }

    /// x sigmoid(1.702 x) = x / (1 + e^(-1.702 x)) (the form ShiftGELU approximates).
    public static func sigmoidGELU(_ x: Double) -> Double {
        let v = MPFRValue(x, precision: precision)
        let e = v.multiplied(by: MPFRValue(-1.702, precision: precision), precision: precision).exp()
        return v.divided(by: e.adding(MPFRValue(1.0), precision: precision), precision: precision).toDouble()
    }

    /// LayerNorm of a row: gamma_j (x_j - mean) / sigma + beta_j, population variance, no epsilon.
    public static func layerNorm(_ row: [Double], gamma: [Double], beta: [Double]) -> [Double] {
        let n = MPFRValue(Double(row.count), precision: precision)
        let values = row.map { MPFRValue($0, precision: precision) }
        let zero = MPFRValue(0.0, precision: precision)
        let mean = values.reduce(zero) { $0.adding($1, precision: precision) }.divided(by: n, precision: precision)
        let centred = values.map { $0.subtracting(mean, precision: precision) }
        let variance = centred.reduce(zero) { $0.adding($1.multiplied(by: $1, precision: precision), precision: precision) }
            .divided(by: n, precision: precision)
        let sigma = variance.squareRoot()
        return centred.indices.map { j in
            centred[j].divided(by: sigma, precision: precision).multiplied(by: MPFRValue(gamma[j]), precision: precision)
                .adding(MPFRValue(beta[j]), precision: precision).toDouble()
        }
    }

    /// The exact ratio `m / 2^e` against `s`: |m / 2^e - s| / s.
    /// (Both terms have at most 53 significant bits: the difference is exact at 256 bits.)
    public static func relativeError(multiplier m: Int64, shift e: Int, of s: Double) -> Double {
        let approx = MPFRValue(int: Int(m), precision: 256).multiplied(by: MPFRValue.power2(-e), precision: 256)
        let exact = MPFRValue(s, precision: 256)
        return approx.subtracting(exact, precision: 256).magnitude().divided(by: exact, precision: 256).toDouble()
    }
}
