import Foundation
import Models
import Tensors
import XCTest

final class ActivationCaptureTests: XCTestCase {
    /// Every site is tokens x features over the real tokens only; scores are grouped by sentence
    /// length; the last layer's output, mean-pooled and normalized, is the embedding; and the file
    /// written reads back through the tensor-source reader with a glob, as a sweep reads it.
    func testSitesShapesAndConsistencyWithTheEmbeddings() throws {
        let embedder = try ModelFixture.embedder()
        let sentences = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.", "Short."]
        let tokens = embedder.tokenize(sentences)
        let total = tokens.reduce(0) { $0 + $1.count }
        let capture = ActivationCapture(heads: 12)
        let embeddings = try embedder.embed(sentences, with: try embedder.encoder()) { _, chunk in capture.observer(for: chunk) }
        let tensors = Dictionary(uniqueKeysWithValues: capture.tensors.map { ($0.name, $0.tensor) })
        for layer in 0..<6 {
            XCTAssertEqual(tensors["layer.\(layer).qkv"]?.shape, [total, 384])
            XCTAssertEqual(tensors["layer.\(layer).attn_out"]?.shape, [total, 384])
            XCTAssertEqual(tensors["layer.\(layer).ffn_in"]?.shape, [total, 384])
            XCTAssertEqual(tensors["layer.\(layer).ffn_out"]?.shape, [total, 1536])
            XCTAssertEqual(tensors["layer.\(layer).output"]?.shape, [total, 384])
            for n in Set(tokens.map(\.count)) {
                let count = tokens.filter { $0.count == n }.count
                XCTAssertEqual(tensors["layer.\(layer).attention_scores.L\(n)"]?.shape, [count * 12 * n, n])
            }
        }
        XCTAssertEqual(tensors.count, 6 * (5 + Set(tokens.map(\.count)).count))
        let output = tensors["layer.5.output"]!.values
        var start = 0
        for (s, sentence) in tokens.enumerated() {
            var mean = [Float](repeating: 0, count: 384)
            for t in start..<(start + sentence.count) { for j in 0..<384 { mean[j] += output[t * 384 + j] } }
            let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for j in 0..<384 { XCTAssertEqual(mean[j] / norm, embeddings.values[s * 384 + j], accuracy: 1e-6) }
            start += sentence.count
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acts-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafetensorsFile.write(capture.tensors, to: path)
        let loaded = try TensorSource(parsing: path + ":layer.*.ffn_out").load()
        XCTAssertEqual(loaded.map(\.name), (0..<6).map { "layer.\($0).ffn_out" })
        XCTAssertEqual(loaded[2].tensor, tensors["layer.2.ffn_out"])
    }
}
