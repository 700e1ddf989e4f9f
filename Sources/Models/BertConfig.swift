import Foundation

/// The hyperparameters of a BERT encoder used as a sentence embedder, read from the model folder's
/// `config.json` (architecture), `sentence_bert_config.json` (`max_seq_length`: truncation),
/// `1_Pooling/config.json` (must be mean pooling) and `tokenizer_config.json` (must lower-case).
/// Anything this implementation does not compute (another activation, relative positions, another
/// pooling) is refused with the file and key named.
public struct BertConfig: Sendable, Equatable {
    public var hidden: Int
    public var layers: Int
    public var heads: Int
    public var intermediate: Int
    public var vocabulary: Int
    public var maxPositions: Int
    public var typeVocabulary: Int
    public var layerNormEpsilon: Float
    /// Tokens per sentence including [CLS] and [SEP] (sentence-transformers' max_seq_length).
    public var maxSequenceLength: Int

    public var headSize: Int { hidden / heads }

    struct Architecture: Decodable {
        let hidden_size: Int, num_hidden_layers: Int, num_attention_heads: Int, intermediate_size: Int
        let vocab_size: Int, max_position_embeddings: Int, type_vocab_size: Int
        let layer_norm_eps: Double, hidden_act: String
        let position_embedding_type: String?
    }
    struct SentenceSettings: Decodable { let max_seq_length: Int }
    struct Pooling: Decodable {
        let pooling_mode_mean_tokens: Bool, pooling_mode_cls_token: Bool, pooling_mode_max_tokens: Bool
        let pooling_mode_mean_sqrt_len_tokens: Bool
    }
    struct TokenizerSettings: Decodable { let do_lower_case: Bool }

    /// Reads and checks the four files in `folder`.
    public init(folder: String) throws {
        let a: Architecture = try Self.decode("\(folder)/config.json")
        let s: SentenceSettings = try Self.decode("\(folder)/sentence_bert_config.json")
        let p: Pooling = try Self.decode("\(folder)/1_Pooling/config.json")
        let t: TokenizerSettings = try Self.decode("\(folder)/tokenizer_config.json")
        func refuse(_ file: String, _ reason: String) -> ModelError { .badModelFile(path: "\(folder)/\(file)", reason: reason) }
        guard a.hidden_act == "gelu" else { throw refuse("config.json", "hidden_act '\(a.hidden_act)' (only the exact erf GELU 'gelu' is implemented)") }
        guard (a.position_embedding_type ?? "absolute") == "absolute" else { throw refuse("config.json", "position_embedding_type is not absolute") }
        guard a.num_attention_heads > 0, a.hidden_size % a.num_attention_heads == 0 else {
            throw refuse("config.json", "hidden_size \(a.hidden_size) is not a multiple of num_attention_heads \(a.num_attention_heads)")
        }
        guard p.pooling_mode_mean_tokens, !p.pooling_mode_cls_token, !p.pooling_mode_max_tokens, !p.pooling_mode_mean_sqrt_len_tokens else {
            throw refuse("1_Pooling/config.json", "only mean pooling is implemented")
        }
        guard t.do_lower_case else { throw refuse("tokenizer_config.json", "do_lower_case is false (only the uncased tokenizer is implemented)") }
        guard s.max_seq_length >= 2, s.max_seq_length <= a.max_position_embeddings else {
            throw refuse("sentence_bert_config.json", "max_seq_length \(s.max_seq_length) outside 2...\(a.max_position_embeddings)")
        }
        hidden = a.hidden_size
        layers = a.num_hidden_layers
        heads = a.num_attention_heads
        intermediate = a.intermediate_size
        vocabulary = a.vocab_size
        maxPositions = a.max_position_embeddings
        typeVocabulary = a.type_vocab_size
        layerNormEpsilon = Float(a.layer_norm_eps)
        maxSequenceLength = s.max_seq_length
    }

    static func decode<T: Decodable>(_ path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelError.badModelFile(path: path, reason: "cannot be read") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ModelError.badModelFile(path: path, reason: "not the expected JSON (\(Self.describe(error)))")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): return "no key '\(key.stringValue)'"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return "malformed"
        }
    }
}
