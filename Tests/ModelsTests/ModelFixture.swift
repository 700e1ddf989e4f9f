import Foundation
import Models
import XCTest

/// The real model for tests that need it. Without the model in the cache such a test is skipped with a
/// message saying how to fetch it; with QUANTLAB_REQUIRE_MODEL=1 (set by .ci/run) it fails instead.
enum ModelFixture {
    static let requireVariable = "QUANTLAB_REQUIRE_MODEL"

    private static let loaded: Result<SentenceEmbedder, Error> = Result { try SentenceEmbedder() }

    /// The loaded MiniLM embedder, or a skip/failure.
    static func embedder(file: StaticString = #filePath, line: UInt = #line) throws -> SentenceEmbedder {
        let cache = ModelCache()
        guard cache.isPresent(.miniLM) else {
            let message = "all-MiniLM-L6-v2 is not in \(cache.folder(for: .miniLM)); run `quantlab model fetch minilm` to run this test"
            if ProcessInfo.processInfo.environment[requireVariable] == "1" {
                XCTFail(message + " (\(requireVariable)=1 makes a missing model a failure)", file: file, line: line)
            }
            throw XCTSkip(message)
        }
        return try loaded.get()
    }

    /// The corpus shipped in Experiments/data (90 paraphrase groups of 3 lines, then 80 unrelated lines).
    static func corpus() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try TextLines.read(path: root.appendingPathComponent("Experiments/data/minilm-corpus.txt").path)
    }

    static let paraphraseLines = 270
}
