import Foundation
@testable import Models
import XCTest

final class TokenizerTests: XCTestCase {
    /// Token ids equal those of HuggingFace `tokenizers` on tokenizer.json (truncation 256), from the
    /// fixture written by Fixtures/make_token_fixture.py.
    func testIdsMatchHuggingFaceTokenizers() throws {
        let embedder = try ModelFixture.embedder()
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/token_ids.json")
        struct Fixture: Decodable { struct Case: Decodable { let text: String; let ids: [Int32] }; let cases: [Case] }
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertGreaterThan(fixture.cases.count, 20)
        for c in fixture.cases {
            XCTAssertEqual(embedder.tokenizer.encode(c.text), c.ids, "text: \(c.text.debugDescription)")
        }
    }

    func testNormalizerSplitsPunctuationStripsAccentsLowercases() {
        let words = BertTextNormalizer.words("Héllo, WORLD! naïve\tÇa\u{0000}va?").map { String(String.UnicodeScalarView($0)) }
        XCTAssertEqual(words, ["hello", ",", "world", "!", "naive", "cava", "?"])
    }

    func testNormalizerIsolatesCJKAndDropsControls() {
        let words = BertTextNormalizer.words("ab中文\u{200B}c\u{FEFF}d").map { String(String.UnicodeScalarView($0)) }
        XCTAssertEqual(words, ["ab", "中", "文", "cd"])
    }

    func tiny(maxLength: Int = 16) throws -> WordPieceTokenizer {
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "##a", "a", "b", ","].joined(separator: "\n") + "\n"
        return try WordPieceTokenizer(vocabulary: Array(vocabulary.utf8), name: "tiny", maxLength: maxLength)
    }

    func testGreedyLongestMatchAndUnknownWords() throws {
        let t = try tiny()
        XCTAssertEqual(t.encode("unaffable"), [2, 4, 5, 6, 3])
        XCTAssertEqual(t.encode("affa, b"), [2, 7, 8, 11, 10, 3])
        XCTAssertEqual(t.encode("unknown b"), [2, 1, 10, 3], "a word with an unmatched piece is one [UNK]")
        XCTAssertEqual(t.encode(String(repeating: "a", count: 101)), [2, 1, 3], "over 100 characters is [UNK]")
        XCTAssertEqual(t.encode(""), [2, 3])
    }

    func testTruncationKeepsClassificationAndSeparator() throws {
        let t = try tiny(maxLength: 5)
        XCTAssertEqual(t.encode("a b a b a b"), [2, 9, 10, 9, 3])
    }

    func testVocabularyWithoutSpecialTokenIsRefused() {
        XCTAssertThrowsError(try WordPieceTokenizer(vocabulary: Array("a\nb\n".utf8), name: "v.txt", maxLength: 8)) { error in
            XCTAssertEqual("\(error)", "model file v.txt: has no [UNK] token")
        }
    }
}
