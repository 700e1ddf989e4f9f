import Foundation
import XCTest

/// Work that would not fit in memory is refused before it starts, with the estimate and the limit
/// in one line (QUANTLAB_MEMORY_LIMIT lowers the limit, so these tests never allocate much).
final class MemoryLimitTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func assertRefused(_ arguments: [String], limit: String, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(arguments, in: dir, environment: ["QUANTLAB_MEMORY_LIMIT": limit])
        XCTAssertEqual(outcome.status, 1, outcome.stderr, file: file, line: line)
        let errors = outcome.stderr.split(separator: "\n").filter { $0.contains("error") }
        XCTAssertEqual(errors.count, 1, outcome.stderr, file: file, line: line)
        for word in words + ["limit", "QUANTLAB_MEMORY_LIMIT"] {
            XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in: \(outcome.stderr)", file: file, line: line)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("out") }, [], file: file, line: line)
    }

    func testAnalyzeRefusesASourceAboveTheLimit() throws {
        // 1M float32 = 4 MiB: the tensor, its quantized copy and the block crest factors need 8.8 MiB,
        // and the program 32 MiB.
        try assertRefused(["analyze", "--format", "int8", "normal(shape=1024x1024)"], limit: "2M", mentions: ["analyze normal(shape=1024x1024", "40.8 MiB", "2.0 MiB"])
        let fits = try CLI.run(["analyze", "--format", "int8", "normal(shape=1024x1024)"], in: dir, environment: ["QUANTLAB_MEMORY_LIMIT": "64M"])
        XCTAssertEqual(fits.status, 0, fits.stderr)
    }

    func testTwoToThe32ElementsAreRefusedUpFront() throws {
        try assertRefused(["analyze", "--format", "mxfp4", "normal(shape=65536x65536)"], limit: "8G", mentions: ["GiB", "8.0 GiB"])
        // A sparse 16 GiB .npy whose header says (65536, 65536): refused from the header alone.
        let header = CLI.npy(descr: "<f4", shape: [65536, 65536], data: [])
        let path = dir.appendingPathComponent("huge.npy")
        try Data(header).write(to: path)
        let handle = try FileHandle(forWritingTo: path)
        try handle.truncate(atOffset: UInt64(header.count) + (1 << 34))
        try handle.close()
        try assertRefused(["quantize", "--format", "int8", "huge.npy", "-o", "out.npy"], limit: "4G", mentions: ["huge.npy", "16.0 GiB", "4.0 GiB"])
        try assertRefused(["quantize", "--format", "int8", "--codes", "huge.npy", "-o", "out.npy"], limit: "4G", mentions: ["huge.npy", "40.0 GiB"])
    }

    func testSweepAndBadLimit() throws {
        let spec = "title: S\ndescription: d\nseed: 1\ndata: [normal(shape=512x512)]\nformats: [int8, mxfp4]\n"
        try Data(spec.utf8).write(to: dir.appendingPathComponent("s.yaml"))
        try assertRefused(["sweep", "s.yaml", "--reports", "out", "--jobs", "2"], limit: "1M", mentions: ["sweep s", "MiB"])
        let bad = try CLI.run(["analyze", "--format", "int8", "normal(shape=4x4)"], in: dir, environment: ["QUANTLAB_MEMORY_LIMIT": "lots"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("QUANTLAB_MEMORY_LIMIT='lots'"), bad.stderr)
    }

    func testAMatrixProductCountsItsOutputAndBothOperands() throws {
        // A and B are 4096 x 32 (512 KiB each), but Y is 4096 x 4096 (64 MiB) and each operand is held
        // as elements and dequantized values: an estimate from A alone (0.5 MiB) let this run.
        let spec = """
        title: G
        seed: 1
        data:
          - gemm: {name: wide, a: "normal(std=1)", b: "normal(std=1)", m: 4096, n: 4096, k: 32}
        formats: [mxint8]
        accumulators: [fp32]

        """
        try Data(spec.utf8).write(to: dir.appendingPathComponent("g.yaml"))
        try assertRefused(["sweep", "g.yaml", "--reports", "out", "--jobs", "1"], limit: "80M", mentions: ["sweep g", "MiB"])
    }

    func testModelCellsCountTheModel() throws {
        // A model cell holds the FP32 weights, their quantized copy and a chunk's activations: more than
        // 100 MiB for MiniLM (90.9 MB file), whatever the tensor data beside it.
        let spec = """
        title: M
        seed: 1
        data:
          - {model: minilm, corpus: c.txt, sentences: 8, weights: [int8/ch0], activations: [int8/ch0]}

        """
        try Data(spec.utf8).write(to: dir.appendingPathComponent("m.yaml"))
        try Data((1...8).map { "Sentence number \($0) of a small corpus." }.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("c.txt"))
        let outcome = try CLI.run(["sweep", "m.yaml", "--reports", "out"], in: dir, environment: ["QUANTLAB_MEMORY_LIMIT": "100M"])
        guard !outcome.stderr.contains("model fetch") else { throw XCTSkip("MiniLM not fetched: \(outcome.stderr)") }
        try assertRefused(["sweep", "m.yaml", "--reports", "out"], limit: "100M", mentions: ["sweep m", "MiB"])
    }
}
