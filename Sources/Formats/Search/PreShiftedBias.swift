/// LLM-FP4's pre-shifted exponent bias (arXiv 2310.16836 §4.2, Eqs. 14-19; the authors' code,
/// `quant_layers/fp_linear.py`): activations [tokens, channels] get a real bias per channel,
/// `b~_j = b~init(max_t |X[t, j]|)` (MinMax, as `RealBiasFloat`), split into one real part per tensor,
/// `rho~ = c min_j b~_j` (c = 1 at the start; the search scales it), and integer parts
///     b_j = clamp(round(b~_j), round(rho~), round(rho~) + 2^e - 1) - round(rho~)   in [0, 2^e - 1]
/// (round half to even, as `torch.round`). Channel j is quantized with bias `rho~ + b_j`, i.e. with
/// scale `s_j = s 2^-b_j`, `s = fl32(exp2(-rho~))` (`BinaryPowers`): an exact power-of-two shift of
/// the tensor's scale. The stored value of X[t, j] is the grid value times `s` (the per-tensor bias
/// alone), and `2^-b_j` moves into column j of the weights (Eqs. 18-19), so a plain low-bit FP matmul
/// with a per-tensor activation scale gives exactly the per-channel product (power-of-two factors
/// commute with float rounding, barring subnormals).
public struct PreShiftedBias: Sendable {
    public let format: RealBiasFloat
    public let channels: Int
    /// rho~, the real per-tensor bias.
    public let tensorBias: Double
    /// b_j, the integer per-channel shifts.
    public let shifts: [Int]

    /// The split for activations `x` [rows, channels] in format `eXmY` with the per-tensor part scaled by `factor`.
    public init(activations x: [Float], channels: Int, exponentBits e: Int, mantissaBits m: Int, factor: Double = 1) throws {
        precondition(channels > 0 && x.count % channels == 0, "activations must be [rows, channels]")
        let f = try RealBiasFloat(exponentBits: e, mantissaBits: m)
        format = f
        self.channels = channels
        var amax = [Float](repeating: 0, count: channels)
        for (i, v) in x.enumerated() where v.isFinite { amax[i % channels] = Swift.max(amax[i % channels], abs(v)) }
        let biases = amax.map { $0 > 0 ? f.realBias(amax: $0) : Double.infinity }
        let rho = factor * (biases.min() ?? 0)
        let base = rho.rounded(.toNearestOrEven), top = base + Double((1 << e) - 1)
        tensorBias = rho
        shifts = biases.map { Int(Swift.min(Swift.max($0.rounded(.toNearestOrEven), base), top) - base) }
    }

    /// The tensor's scale `s = fl32(exp2(-rho~))` and channel j's `s 2^-b_j`.
    public var tensorScale: Float { Float(BinaryPowers.exp2(-tensorBias)) }
    func channelScale(_ j: Int) -> Float { tensorScale * Float(sign: .plus, exponent: -shifts[j], significand: 1) }

    /// X quantized per channel (bias `rho~ + b_j`): `fl32(g(x / 2s_j) 2s_j)` on the bias-1 grid as `RealBiasFloat`.
    public func quantizePerChannel(_ x: [Float]) -> [Float] {
        x.indices.map { i in
            let s = 2 * channelScale(i % channels)
            return format.grid.quantize(x[i] / s, mode: .nearestEven, random: 0) * s
        }
    }

    /// The stored activations: the same grid values times the tensor's scale alone.
    public func quantizeShared(_ x: [Float]) -> [Float] {
        let s = 2 * tensorScale
        return x.indices.map { i in format.grid.quantize(x[i] / (2 * channelScale(i % channels)), mode: .nearestEven, random: 0) * s }
    }

    /// Weights [outputs, channels] with column j times `2^-b_j` (exact).
    public func foldedWeights(_ w: [Float]) -> [Float] {
        w.indices.map { i in w[i] * Float(sign: .plus, exponent: -shifts[i % channels], significand: 1) }
    }
}
