import Foundation
import Tensors

/// Runs a reference encoder (FP32) and another one (quantized) on the same sentences, chunk by chunk,
/// and measures the other against the reference: `EmbeddingAgreement` on the sentence embeddings and,
/// per layer, the QSNR of the layer's output hidden state over all tokens,
/// QSNR = 10 log10(Σ ref² / Σ (other - ref)²) dB (infinite when identical).
public struct ModelComparison: Sendable {
    public struct LayerQSNR: Sendable, Equatable {
        public var layer: Int
        public var qsnrDB: Double
    }

    /// What the reference encoder computed on the sentences, kept to compare several other encoders
    /// with one reference run: the embeddings and, per chunk, every layer's output hidden state.
    public struct Reference: Sendable {
        public let sentences: Int
        let embeddings: [Float]
        let outputs: [[[Float]]]

        /// Embeds `texts` with `reference` in the embedder's chunks.
        public init(_ embedder: SentenceEmbedder, sentences texts: [String], reference: BertEncoder) throws {
            let tokens = embedder.tokenize(texts)
            let layerCount = embedder.config.layers
            var rows: [Float] = [], chunks: [[[Float]]] = []
            for (index, range) in embedder.chunks(tokens).enumerated() {
                var outputs = [[Float]](repeating: [], count: layerCount)
                rows += try reference.embed(Array(tokens[range]), chunk: index, workers: embedder.workers, observe: { name, values, _, _ in
                    if let layer = ModelComparison.outputLayer(name, layerCount) { outputs[layer] = Array(values) }
                })
                chunks.append(outputs)
            }
            sentences = texts.count
            embeddings = rows
            outputs = chunks
        }
    }

    public var sentences: Int
    public var embeddings: EmbeddingAgreement
    public var layers: [LayerQSNR]

    /// Embeds `sentences` with both encoders. The chunks are the embedder's, so both models see the same batches.
    public init(_ embedder: SentenceEmbedder, sentences texts: [String], reference: BertEncoder, other: BertEncoder) throws {
        try self.init(embedder, sentences: texts, reference: try Reference(embedder, sentences: texts, reference: reference), other: other)
    }

    /// Compares `other` with a reference run on the same `texts`. `observe` and `observeOperands` see
    /// what `other` computes (`BertEncoder.embed`), chunk by chunk.
    public init(_ embedder: SentenceEmbedder, sentences texts: [String], reference: Reference, other: BertEncoder,
                observe: BertEncoder.Observer? = nil, observeOperands: BertEncoder.Observer? = nil) throws {
        precondition(reference.sentences == texts.count, "the reference was computed on other sentences")
        let tokens = embedder.tokenize(texts)
        let layerCount = embedder.config.layers
        var signal = [Double](repeating: 0, count: layerCount), noise = [Double](repeating: 0, count: layerCount)
        var otherRows: [Float] = []
        for (index, range) in embedder.chunks(tokens).enumerated() {
            let outputs = reference.outputs[index]
            otherRows += try other.embed(Array(tokens[range]), chunk: index, workers: embedder.workers, observe: { name, values, rows, columns in
                observe?(name, values, rows, columns)
                guard let layer = Self.outputLayer(name, layerCount) else { return }
                for (r, q) in zip(outputs[layer], values) {
                    signal[layer] += Double(r) * Double(r)
                    noise[layer] += (Double(q) - Double(r)) * (Double(q) - Double(r))
                }
            }, observeOperands: observeOperands)
        }
        sentences = texts.count
        embeddings = EmbeddingAgreement(reference: reference.embeddings, other: otherRows, dimension: embedder.config.hidden)
        layers = (0..<layerCount).map { LayerQSNR(layer: $0, qsnrDB: 10 * log10(signal[$0] / noise[$0])) }
    }

    static func outputLayer(_ name: String, _ count: Int) -> Int? {
        (0..<count).first { CaptureSite.output(layer: $0) == name }
    }

    /// The comparison as aligned text lines.
    public var text: String {
        var lines = [
            "sentences                    \(sentences)",
            "mean cosine                  " + String(format: "%.6f", embeddings.meanCosine),
            "worst cosine                 " + String(format: "%.6f", embeddings.worstCosine),
            "Spearman of similarities     " + String(format: "%.6f", embeddings.spearman),
            "top-\(embeddings.topK) neighbour agreement    " + String(format: "%.4f", embeddings.topKAgreement),
        ]
        for l in layers { lines.append("layer \(l.layer) output QSNR (dB)    " + String(format: "%.2f", l.qsnrDB)) }
        return lines.joined(separator: "\n") + "\n"
    }
}
