import Formats
import ModelKernels
import Tensors

/// A BERT encoder as sentence-transformers runs all-MiniLM-L6-v2: token + position + type-0
/// embeddings and LayerNorm; per layer, self-attention over each sentence's own tokens (the padding
/// mask), output projection, residual and LayerNorm, FFN with exact GELU, residual and LayerNorm;
/// then the mean over each sentence's tokens ([CLS] and [SEP] included) and L2 normalisation
/// x / max(‖x‖₂, 1e-12).
///
/// Sentences are packed without padding: a chunk of sentences is one tokens x features matrix, so
/// every linear map runs once per chunk and no work is spent on padding. Every step computes each
/// token row the same way whatever the chunk, worker count or tiling (see `DenseProduct`), so an
/// FP32 embedding does not depend on the threads or on which sentences share its chunk.
public struct BertEncoder: Sendable {
    struct Layer: Sendable {
        let qkv, attentionOutput, ffnIn, ffnOut: LinearLayer
        let attentionNorm: (gamma: [Float], beta: [Float])
        let outputNorm: (gamma: [Float], beta: [Float])
    }

    public let config: BertConfig
    public let product: any MatrixProduct
    let wordEmbeddings: [Float]
    let positionEmbeddings: [Float]
    let typeEmbedding: [Float]
    let embeddingNorm: (gamma: [Float], beta: [Float])
    let layers: [Layer]

    /// Builds the encoder from FP32 weights, quantizing and preparing every linear layer per `scheme`.
    /// `observeWeights` sees every linear layer's weights before and after the scheme's rotation and quantization.
    public init(weights: BertWeights, scheme: QuantizationScheme = .fp32, product: any MatrixProduct = FP32Product(),
                observeWeights: WeightObserver? = nil) throws {
        let c = weights.config
        config = c
        self.product = product
        wordEmbeddings = weights.wordEmbeddings.values
        positionEmbeddings = weights.positionEmbeddings.values
        typeEmbedding = Array(weights.tokenTypeEmbeddings.values[0..<c.hidden])
        embeddingNorm = (weights.embeddingNormWeight, weights.embeddingNormBias)
        var siteIndex = 0
        func linear(_ site: LinearSite, _ layer: Int, _ parts: [Tensor], _ bias: [Float]) throws -> LinearLayer {
            siteIndex += 1
            return try LinearLayer(site: site.name(layer: layer), parts: parts, bias: bias, scheme: scheme, siteIndex: siteIndex, product: product,
                                   observe: observeWeights)
        }
        layers = try weights.layers.enumerated().map { i, w in
            Layer(
                qkv: try linear(.qkv, i, [w.query, w.key, w.value], w.queryBias + w.keyBias + w.valueBias),
                attentionOutput: try linear(.attentionOutput, i, [w.attentionOutput], w.attentionOutputBias),
                ffnIn: try linear(.ffnIn, i, [w.intermediate], w.intermediateBias),
                ffnOut: try linear(.ffnOut, i, [w.output], w.outputBias),
                attentionNorm: (w.attentionNormWeight, w.attentionNormBias),
                outputNorm: (w.outputNormWeight, w.outputNormBias)
            )
        }
    }

    /// Receives intermediate tensors of one chunk: `(name, values, rows, columns)`, rows x columns
    /// row-major, one row per real token (attention scores: see `ActivationCapture`).
    public typealias Observer = (_ name: String, _ values: UnsafeBufferPointer<Float>, _ rows: Int, _ columns: Int) -> Void

    /// Receives one linear layer's weights: `(site, original, operand, rows, columns)`, both n x k
    /// row-major: W as the checkpoint holds it (q, k and v stacked at `qkv`) and W as the product gets
    /// it, Q_w(W R) (each stacked part rotated and quantized on its own).
    public typealias WeightObserver = (_ site: String, _ original: [Float], _ operand: [Float], _ rows: Int, _ columns: Int) -> Void

    /// The normalized embeddings (sentences x hidden, row-major) of one chunk of tokenized sentences.
    /// With `attentionScores` (and an observer), `observe` also receives the pre-softmax attention
    /// scores as `attention_scores` with rows = Σ heads·L_s (sentence by sentence, head by head, query
    /// by query) and columns = 0 (each row of a sentence of L tokens holds L scores); without it the
    /// scores are neither kept nor shown. `observeOperands` sees, under each linear site's name, the
    /// input operand its product receives, Q_a(X R) (X itself when the site transforms nothing).
    public func embed(_ sentences: [[Int32]], chunk: Int = 0, workers: Int = ParallelTasks.defaultWorkers,
                      attentionScores: Bool = false, observe: Observer? = nil, observeOperands: Observer? = nil) throws -> [Float] {
        let h = config.hidden, f = config.intermediate
        var starts = [0]
        for s in sentences { starts.append(starts.last! + s.count) }
        let tokens = starts.last!
        guard tokens > 0 else { return [] }
        var scoreOffsets = [0]
        for s in sentences { scoreOffsets.append(scoreOffsets.last! + config.heads * s.count * s.count) }
        let transforms = layers.contains { [$0.qkv, $0.attentionOutput, $0.ffnIn, $0.ffnOut].contains { $0.transformsInput } }
        let space = Workspace(tokens: tokens, hidden: h, intermediate: f, scratch: transforms, scores: observe != nil && attentionScores ? scoreOffsets.last! : 0)
        let x = space.x, other = space.other, context = space.context, qkv = space.qkv, wide = space.wide
        let scratch = space.scratch ?? wide
        func show(_ name: String, _ p: UnsafeMutablePointer<Float>, _ columns: Int) {
            observe?(name, UnsafeBufferPointer(start: p, count: tokens * columns), tokens, columns)
        }
        func norm(_ parameters: (gamma: [Float], beta: [Float]), residual: UnsafePointer<Float>?) {
            parameters.gamma.withUnsafeBufferPointer { g in
                parameters.beta.withUnsafeBufferPointer { b in
                    RowKernels.layerNorm(x, adding: residual, rows: tokens, width: h, gamma: g.baseAddress!, beta: b.baseAddress!,
                                         epsilon: config.layerNormEpsilon, workers: workers)
                }
            }
        }
        embedTokens(sentences, into: x)
        norm(embeddingNorm, residual: nil)
        for (i, layer) in layers.enumerated() {
            show(LinearSite.qkv.name(layer: i), x, h)
            try layer.qkv.apply(x, rows: tokens, scratch: scratch, into: qkv, product: product, chunk: chunk, workers: workers,
                                             observe: observeOperands)
            AttentionKernel.run(qkv: qkv, starts: starts, heads: config.heads, headSize: config.headSize, context: context,
                                scores: space.scores, scoreOffsets: scoreOffsets, workers: workers)
            if let observe, let scores = space.scores {
                observe(CaptureSite.attentionScores(layer: i), UnsafeBufferPointer(start: scores, count: scoreOffsets.last!), 0, 0)
            }
            show(LinearSite.attentionOutput.name(layer: i), context, h)
            try layer.attentionOutput.apply(context, rows: tokens, scratch: scratch, into: other, product: product, chunk: chunk, workers: workers,
                                             observe: observeOperands)
            norm(layer.attentionNorm, residual: other)
            show(LinearSite.ffnIn.name(layer: i), x, h)
            try layer.ffnIn.apply(x, rows: tokens, scratch: scratch, into: wide, product: product, chunk: chunk, workers: workers,
                                             observe: observeOperands)
            RowKernels.gelu(wide, rows: tokens, width: f, workers: workers)
            show(LinearSite.ffnOut.name(layer: i), wide, f)
            try layer.ffnOut.apply(wide, rows: tokens, scratch: scratch, into: other, product: product, chunk: chunk, workers: workers,
                                             observe: observeOperands)
            norm(layer.outputNorm, residual: other)
            show(CaptureSite.output(layer: i), x, h)
        }
        return pool(x, starts: starts)
    }

    /// The activation buffers of one chunk, freed together.
    final class Workspace {
        let x, other, context, qkv, wide: UnsafeMutablePointer<Float>
        let scratch, scores: UnsafeMutablePointer<Float>?
        private var all: [UnsafeMutablePointer<Float>] = []

        init(tokens: Int, hidden h: Int, intermediate f: Int, scratch needsScratch: Bool, scores scoreCount: Int) {
            func make(_ count: Int) -> UnsafeMutablePointer<Float> {
                let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
                p.initialize(repeating: 0, count: max(count, 1))
                return p
            }
            x = make(tokens * h); other = make(tokens * h); context = make(tokens * h)
            qkv = make(tokens * 3 * h); wide = make(tokens * f)
            scratch = needsScratch ? make(tokens * f) : nil
            scores = scoreCount > 0 ? make(scoreCount) : nil
            all = [x, other, context, qkv, wide] + [scratch, scores].compactMap { $0 }
        }

        deinit { for p in all { p.deallocate() } }
    }

    /// Row t = (word[id] + type[0]) + position[p], p the token's place in its sentence (the order
    /// of HuggingFace's BertEmbeddings); LayerNorm follows.
    func embedTokens(_ sentences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let h = config.hidden
        var row = 0
        for sentence in sentences {
            for (p, id) in sentence.enumerated() {
                let w = Int(id) * h, q = p * h, o = x + row * h
                for j in 0..<h { o[j] = (wordEmbeddings[w + j] + typeEmbedding[j]) + positionEmbeddings[q + j] }
                row += 1
            }
        }
    }

    /// Mean of each sentence's rows (summed in order, divided by its length), then x / max(‖x‖, 1e-12).
    func pool(_ x: UnsafePointer<Float>, starts: [Int]) -> [Float] {
        let h = config.hidden
        var out = [Float](repeating: 0, count: (starts.count - 1) * h)
        for s in 0..<(starts.count - 1) {
            let count = Float(starts[s + 1] - starts[s])
            var norm: Float = 0
            for j in 0..<h {
                var sum: Float = 0
                for t in starts[s]..<starts[s + 1] { sum += x[t * h + j] }
                let mean = sum / count
                out[s * h + j] = mean
                norm += mean * mean
            }
            let scale = max(norm.squareRoot(), 1e-12)
            for j in 0..<h { out[s * h + j] /= scale }
        }
        return out
    }
}
