import Formats
import ModelKernels
import Tensors

/// A sentence-embedding model loaded from a verified cache folder: tokenizer, configuration, FP32
/// weights, and an encoder per quantization scheme. Sentences are processed in chunks of at most
/// `chunkTokens` tokens (in input order), which bounds the activation memory whatever the input size.
public struct SentenceEmbedder: Sendable {
    public let manifest: ModelManifest
    public let folder: String
    public let config: BertConfig
    public let tokenizer: WordPieceTokenizer
    public let weights: BertWeights
    /// Tokens per chunk of sentences (a sentence is never split; one longer than this is a chunk of its own).
    public var chunkTokens = 2048
    public var workers = ParallelTasks.defaultWorkers

    /// Loads `manifest`'s model from `cache` after checking every file's SHA-256.
    public init(manifest: ModelManifest = .miniLM, cache: ModelCache = ModelCache()) throws {
        self.manifest = manifest
        folder = try cache.verified(manifest)
        config = try BertConfig(folder: folder)
        tokenizer = try WordPieceTokenizer(vocabularyFile: folder + "/vocab.txt", maxLength: config.maxSequenceLength)
        guard tokenizer.vocabularySize == config.vocabulary else {
            throw ModelError.badModelFile(path: folder + "/vocab.txt", reason: "\(tokenizer.vocabularySize) tokens, config.json says \(config.vocabulary)")
        }
        weights = try BertWeights(safetensors: folder + "/model.safetensors", config: config)
    }

    /// The encoder for `scheme` (FP32 by default).
    public func encoder(_ scheme: QuantizationScheme = .fp32, product: any MatrixProduct = FP32Product()) throws -> BertEncoder {
        try BertEncoder(weights: weights, scheme: scheme, product: product)
    }

    /// Token ids of every sentence.
    public func tokenize(_ sentences: [String]) -> [[Int32]] { sentences.map(tokenizer.encode) }

    /// Index ranges of consecutive sentences holding at most `chunkTokens` tokens each.
    public func chunks(_ tokens: [[Int32]]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0, count = 0
        for (i, t) in tokens.enumerated() {
            if count > 0 && count + t.count > chunkTokens {
                out.append(start..<i)
                start = i
                count = 0
            }
            count += t.count
        }
        if start < tokens.count { out.append(start..<tokens.count) }
        return out
    }

    /// Embeddings (sentences x hidden) of `sentences` with `encoder`; `observe` sees every chunk's
    /// intermediate tensors (with the chunk's first sentence index), attention scores included: its
    /// observers are `ActivationCapture`'s.
    public func embed(_ sentences: [String], with encoder: BertEncoder,
                      observe: ((_ firstSentence: Int, _ tokens: [[Int32]]) -> BertEncoder.Observer?)? = nil) throws -> Tensor {
        let tokens = tokenize(sentences)
        var values: [Float] = []
        values.reserveCapacity(sentences.count * config.hidden)
        for (index, range) in chunks(tokens).enumerated() {
            let chunk = Array(tokens[range])
            values += try encoder.embed(chunk, chunk: index, workers: workers, attentionScores: true, observe: observe?(range.lowerBound, chunk))
        }
        return Tensor(shape: [sentences.count, config.hidden], values: values)
    }
}
