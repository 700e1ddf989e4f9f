import Foundation

/// BERT's WordPiece tokenizer over `vocab.txt` (one token per line; id = line number - 1), as
/// sentence-transformers runs it for all-MiniLM-L6-v2:
/// `[CLS]` + the word pieces of every word of `BertTextNormalizer.words(text)` + `[SEP]`, truncated
/// so that at most `maxLength` ids remain (the pieces are cut, `[CLS]` and `[SEP]` stay).
///
/// A word of more than 100 scalars is `[UNK]`. Otherwise it is split greedily, longest match first:
/// from the start, the longest prefix in the vocabulary, then the longest continuation `##...` in the
/// vocabulary, and so on; if some position has no match, the whole word is one `[UNK]`. Matching
/// compares UTF-8 bytes (as `tokenizers` does), never Swift's canonical equivalence.
public struct WordPieceTokenizer: Sendable {
    public let maxLength: Int
    public let unknown: Int32, classification: Int32, separator: Int32, padding: Int32
    let ids: [[UInt8]: Int32]
    static let maxWordScalars = 100

    /// Reads `vocab.txt`; throws `ModelError.badModelFile` if a special token is missing or a line
    /// is not UTF-8.
    public init(vocabularyFile path: String, maxLength: Int) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError.badModelFile(path: path, reason: "cannot be read")
        }
        try self.init(vocabulary: [UInt8](data), name: path, maxLength: maxLength)
    }

    /// Builds the tokenizer from the bytes of a vocabulary file; `name` names it in errors.
    public init(vocabulary bytes: [UInt8], name: String, maxLength: Int) throws {
        var ids: [[UInt8]: Int32] = [:]
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            var token = Array(line)
            if token.last == 0x0D { token.removeLast() }
            guard String(validating: token, as: UTF8.self) != nil else {
                throw ModelError.badModelFile(path: name, reason: "line \(index + 1) is not valid UTF-8")
            }
            ids[token] = Int32(index)  // a repeated token keeps its last line, as BERT's load_vocab does
        }
        func special(_ token: String) throws -> Int32 {
            guard let id = ids[Array(token.utf8)] else { throw ModelError.badModelFile(path: name, reason: "has no \(token) token") }
            return id
        }
        self.ids = ids
        self.maxLength = maxLength
        unknown = try special("[UNK]")
        classification = try special("[CLS]")
        separator = try special("[SEP]")
        padding = try special("[PAD]")
    }

    /// Number of distinct tokens.
    public var vocabularySize: Int { ids.count }

    /// The ids of `text`: [CLS], word pieces (at most maxLength - 2), [SEP].
    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = [classification]
        let room = maxLength - 2
        for word in BertTextNormalizer.words(text) {
            for id in pieces(word) {
                guard out.count - 1 < room else { break }
                out.append(id)
            }
            if out.count - 1 >= room { break }
        }
        out.append(separator)
        return out
    }

    /// The word pieces of one word.
    func pieces(_ word: [Unicode.Scalar]) -> [Int32] {
        guard word.count <= Self.maxWordScalars else { return [unknown] }
        let utf8 = word.map { Array(String($0).utf8) }
        var out: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while end > start {
                var candidate: [UInt8] = start > 0 ? [0x23, 0x23] : []
                for i in start..<end { candidate += utf8[i] }
                if let id = ids[candidate] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unknown] }
            out.append(id)
            start = end
        }
        return out
    }
}
