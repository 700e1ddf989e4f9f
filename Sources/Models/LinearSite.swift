/// The linear maps of a BERT layer, named as the activation capture and the quantization options
/// name them: `layer.{i}.{site}` is the input activation of that map (tokens x its input features).
public enum LinearSite: String, CaseIterable, Sendable {
    /// The hidden state entering the query, key and value maps (one input for the three).
    case qkv
    /// The attention context entering the attention output projection.
    case attentionOutput = "attn_out"
    /// The normed hidden state entering the FFN's first map (hidden -> intermediate).
    case ffnIn = "ffn_in"
    /// The GELU output entering the FFN's second map (intermediate -> hidden).
    case ffnOut = "ffn_out"

    /// `layer.{i}.{site}`.
    public func name(layer: Int) -> String { "layer.\(layer).\(rawValue)" }
}

/// The names of the other captured tensors.
public enum CaptureSite {
    /// `layer.{i}.attention_scores`: the pre-softmax scores of layer i.
    public static func attentionScores(layer: Int) -> String { "layer.\(layer).attention_scores" }
    /// `layer.{i}.output`: the hidden state a layer hands to the next (after its second LayerNorm).
    public static func output(layer: Int) -> String { "layer.\(layer).output" }
}
