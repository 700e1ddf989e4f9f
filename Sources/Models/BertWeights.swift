import Tensors

/// The FP32 parameters of a BERT encoder, by the names the HuggingFace `BertModel` checkpoint uses
/// (`embeddings.*`, `encoder.layer.{i}.*`; the pooler is not used by sentence-transformers), each
/// checked against the shape `BertConfig` implies. Linear weights are `out x in` (PyTorch layout).
public struct BertWeights: Sendable {
    public struct Layer: Sendable {
        public var query, key, value, attentionOutput, intermediate, output: Tensor
        public var queryBias, keyBias, valueBias, attentionOutputBias, intermediateBias, outputBias: [Float]
        public var attentionNormWeight, attentionNormBias, outputNormWeight, outputNormBias: [Float]
    }

    public let config: BertConfig
    public var wordEmbeddings: Tensor
    public var positionEmbeddings: Tensor
    public var tokenTypeEmbeddings: Tensor
    public var embeddingNormWeight: [Float]
    public var embeddingNormBias: [Float]
    public var layers: [Layer]

    /// Reads every parameter from a safetensors file.
    public init(safetensors path: String, config: BertConfig) throws {
        var byName: [String: Tensor] = [:]
        for select in ["embeddings.*_embeddings.weight", "embeddings.LayerNorm.*", "encoder.layer.*"] {
            for (name, tensor) in try SafetensorsFile.read(path: path, select: select) { byName[name] = tensor }
        }
        func take(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard let tensor = byName[name] else { throw ModelError.badModelFile(path: path, reason: "has no tensor \(name)") }
            guard tensor.shape == shape else {
                throw ModelError.badModelFile(path: path, reason: "tensor \(name) has shape \(tensor.shape), expected \(shape) from config.json")
            }
            return tensor
        }
        func vector(_ name: String, _ n: Int) throws -> [Float] { try take(name, [n]).values }
        let h = config.hidden, f = config.intermediate
        self.config = config
        wordEmbeddings = try take("embeddings.word_embeddings.weight", [config.vocabulary, h])
        positionEmbeddings = try take("embeddings.position_embeddings.weight", [config.maxPositions, h])
        tokenTypeEmbeddings = try take("embeddings.token_type_embeddings.weight", [config.typeVocabulary, h])
        embeddingNormWeight = try vector("embeddings.LayerNorm.weight", h)
        embeddingNormBias = try vector("embeddings.LayerNorm.bias", h)
        layers = try (0..<config.layers).map { i in
            let p = "encoder.layer.\(i)."
            return Layer(
                query: try take(p + "attention.self.query.weight", [h, h]),
                key: try take(p + "attention.self.key.weight", [h, h]),
                value: try take(p + "attention.self.value.weight", [h, h]),
                attentionOutput: try take(p + "attention.output.dense.weight", [h, h]),
                intermediate: try take(p + "intermediate.dense.weight", [f, h]),
                output: try take(p + "output.dense.weight", [h, f]),
                queryBias: try vector(p + "attention.self.query.bias", h),
                keyBias: try vector(p + "attention.self.key.bias", h),
                valueBias: try vector(p + "attention.self.value.bias", h),
                attentionOutputBias: try vector(p + "attention.output.dense.bias", h),
                intermediateBias: try vector(p + "intermediate.dense.bias", f),
                outputBias: try vector(p + "output.dense.bias", h),
                attentionNormWeight: try vector(p + "attention.output.LayerNorm.weight", h),
                attentionNormBias: try vector(p + "attention.output.LayerNorm.bias", h),
                outputNormWeight: try vector(p + "output.LayerNorm.weight", h),
                outputNormBias: try vector(p + "output.LayerNorm.bias", h)
            )
        }
        for (name, tensor) in byName where !tensor.values.allSatisfy({ $0.isFinite }) {
            throw ModelError.badModelFile(path: path, reason: "tensor \(name) holds NaN or infinite values")
        }
    }
}
