/// The model-level part of a `model:` cell's result (`CellResult.model`): the quantized model's
/// sentence embeddings against the FP32 model's on the same sentences (mean and worst cosine,
/// Spearman's ρ of the pairwise similarity matrices, top-k nearest-neighbour agreement; definitions
/// in `Models.EmbeddingAgreement`) and, per layer, the QSNR of the layer's output hidden state
/// over all tokens, 10 log10(Σ ref² / Σ (q - ref)²) dB. The per-site operand measurements are the
/// cell's `tensors`, named `layer.{i}.{site}.weights` and `layer.{i}.{site}.activations`.
public struct ModelMetrics: Codable, Sendable, Equatable {
    public var model: String
    public var sentences: Int
    /// Operand format specs (`fp32` for none) and their storage bits per element.
    public var weights: String
    public var activations: String
    public var weightBits: Double
    public var activationBits: Double
    public var exceptions: [String]
    public var accumulator: String?
    public var promotion: Int?
    public var meanCosine: Double
    public var worstCosine: Double
    public var spearman: Double
    public var topK: Int
    public var topKAgreement: Double
    /// Output QSNR of layers 0, 1, ... (dB).
    public var layerQSNR: [Double]

    public init(model: String, sentences: Int, weights: String, activations: String, weightBits: Double, activationBits: Double,
                exceptions: [String], accumulator: String?, promotion: Int?, meanCosine: Double, worstCosine: Double,
                spearman: Double, topK: Int, topKAgreement: Double, layerQSNR: [Double]) {
        self.model = model; self.sentences = sentences; self.weights = weights; self.activations = activations
        self.weightBits = weightBits; self.activationBits = activationBits; self.exceptions = exceptions
        self.accumulator = accumulator; self.promotion = promotion; self.meanCosine = meanCosine; self.worstCosine = worstCosine
        self.spearman = spearman; self.topK = topK; self.topKAgreement = topKAgreement; self.layerQSNR = layerQSNR
    }
}
