import Tensors

/// Collects the activations an encoder shows its observer, over every chunk of sentences, as the
/// tensors `quantlab model capture` writes (all rows are real tokens; padding never exists):
/// - `layer.{i}.{qkv|attn_out|ffn_in|ffn_out}`: the input of that linear map, tokens x its inputs;
/// - `layer.{i}.output`: the hidden state the layer hands on, tokens x hidden;
/// - `layer.{i}.attention_scores.L{n}`: the pre-softmax scores of every sentence of n tokens, one row per
///   (sentence, head, query token) and one column per key token: (sentences·heads·n) x n. Sentences
///   of equal length share a tensor so that every row holds exactly its sentence's keys.
/// Tokens follow the input order (sentence by sentence, [CLS] first).
public final class ActivationCapture {
    private var rows: [String: (columns: Int, values: [Float])] = [:]
    private let heads: Int

    public init(heads: Int) { self.heads = heads }

    /// The observer for one chunk of `sentences` (token ids) to pass to `BertEncoder.embed` (with
    /// `attentionScores: true`, as `SentenceEmbedder.embed` passes it).
    public func observer(for sentences: [[Int32]]) -> BertEncoder.Observer {
        let lengths = sentences.map(\.count)
        return { [self] name, values, rowCount, columns in
            if columns > 0 {
                append(name, columns: columns, values)
                return
            }
            var offset = 0
            for n in lengths {
                let size = heads * n * n
                append("\(name).L\(n)", columns: n, UnsafeBufferPointer(rebasing: values[offset..<(offset + size)]))
                offset += size
            }
        }
    }

    private func append(_ name: String, columns: Int, _ values: UnsafeBufferPointer<Float>) {
        rows[name, default: (columns, [])].values.append(contentsOf: values)
    }

    /// The captured tensors, sorted by name.
    public var tensors: [(name: String, tensor: Tensor)] {
        rows.keys.sorted().map { name in
            let entry = rows[name]!
            return (name, Tensor(shape: [entry.values.count / entry.columns, entry.columns], values: entry.values))
        }
    }
}
