import ModelKernels
import Models
import XCTest

final class EmbeddingTests: XCTestCase {
    func similarity(_ e: [Float], _ i: Int, _ j: Int, _ d: Int = 384) -> Float {
        (0..<d).reduce(Float(0)) { $0 + e[i * d + $1] * e[j * d + $1] }
    }

    /// The sentence-transformers quickstart's published similarities for all-MiniLM-L6-v2.
    func testPublishedSimilarities() throws {
        let embedder = try ModelFixture.embedder()
        let e = try embedder.embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."],
                                   with: try embedder.encoder()).values
        XCTAssertEqual(e.count, 3 * 384)
        XCTAssertEqual(similarity(e, 0, 1), 0.6660, accuracy: 0.00005)
        XCTAssertEqual(similarity(e, 0, 2), 0.1046, accuracy: 0.00005)
        XCTAssertEqual(similarity(e, 1, 2), 0.1411, accuracy: 0.00005)
        XCTAssertEqual(similarity(e, 0, 0), 1, accuracy: 1e-6)
    }

    /// Bit-identical embeddings for 1, 2 and 3 workers and for any chunking of the sentences.
    func testIdenticalForAnyThreadCountAndChunking() throws {
        var embedder = try ModelFixture.embedder()
        let sentences = Array(try ModelFixture.corpus().prefix(20)) + ["", String(repeating: "long input ", count: 200)]
        let encoder = try embedder.encoder()
        embedder.workers = 1
        let reference = try embedder.embed(sentences, with: encoder).values.map(\.bitPattern)
        for (workers, chunkTokens) in [(2, 4096), (3, 50), (2, 1)] {
            embedder.workers = workers
            embedder.chunkTokens = chunkTokens
            XCTAssertEqual(try embedder.embed(sentences, with: encoder).values.map(\.bitPattern), reference,
                           "\(workers) workers, chunks of \(chunkTokens) tokens")
        }
    }

    /// On the shipped corpus: each paraphrase's nearest neighbour is in its own group for at least 95%
    /// of the paraphrase lines, and every group's mean inner similarity is above the mean similarity
    /// of its lines to the unrelated sentences.
    func testParaphrasesScoreAboveUnrelatedPairs() throws {
        let embedder = try ModelFixture.embedder()
        let corpus = try ModelFixture.corpus()
        let e = try embedder.embed(corpus, with: try embedder.encoder()).values
        let n = corpus.count, p = ModelFixture.paraphraseLines
        XCTAssertEqual(n, 350)
        var s = [Float](repeating: 0, count: n * n)  // the Gram matrix e eᵀ: cosine similarities
        e.withUnsafeBufferPointer { a in
            s.withUnsafeMutableBufferPointer { DenseProduct.multiply(a.baseAddress!, rows: n, PanelMatrix(rows: n, columns: 384, values: e), bias: nil, into: $0.baseAddress!) }
        }
        var inGroup = 0
        for i in 0..<p {
            let best = (0..<n).filter { $0 != i }.max { s[i * n + $0] < s[i * n + $1] }!
            if best / 3 == i / 3 && best < p { inGroup += 1 }
        }
        XCTAssertGreaterThanOrEqual(Double(inGroup) / Double(p), 0.95)
        for g in 0..<(p / 3) {
            let lines = [3 * g, 3 * g + 1, 3 * g + 2]
            let inner = (s[lines[0] * n + lines[1]] + s[lines[0] * n + lines[2]] + s[lines[1] * n + lines[2]]) / 3
            let outer = lines.flatMap { i in (p..<n).map { s[i * n + $0] } }
            XCTAssertGreaterThan(inner, outer.reduce(0, +) / Float(outer.count), "group at line \(3 * g + 1)")
        }
    }
}
