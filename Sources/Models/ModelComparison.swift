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

    public var sentences: Int
    public var embeddings: EmbeddingAgreement
    public var layers: [LayerQSNR]

    /// Embeds `sentences` with both encoders. The chunks are the embedder's, so both models see the same batches.
    public init(_ embedder: SentenceEmbedder, sentences texts: [String], reference: BertEncoder, other: BertEncoder) throws {
        let tokens = embedder.tokenize(texts)
        let layerCount = embedder.config.layers
        var signal = [Double](repeating: 0, count: layerCount), noise = [Double](repeating: 0, count: layerCount)
        var referenceRows: [Float] = [], otherRows: [Float] = []
        for (index, range) in embedder.chunks(tokens).enumerated() {
            let chunk = Array(tokens[range])
            var outputs = [[Float]](repeating: [], count: layerCount)
            referenceRows += try reference.embed(chunk, chunk: index, workers: embedder.workers) { name, values, _, _ in
                if let layer = Self.outputLayer(name, layerCount) { outputs[layer] = Array(values) }
            }
            otherRows += try other.embed(chunk, chunk: index, workers: embedder.workers) { name, values, _, _ in
                guard let layer = Self.outputLayer(name, layerCount) else { return }
                for (r, q) in zip(outputs[layer], values) {
                    signal[layer] += Double(r) * Double(r)
                    noise[layer] += (Double(q) - Double(r)) * (Double(q) - Double(r))
                }
            }
        }
        sentences = texts.count
        embeddings = EmbeddingAgreement(reference: referenceRows, other: otherRows, dimension: embedder.config.hidden)
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
