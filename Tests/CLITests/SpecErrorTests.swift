import Foundation
import XCTest

/// Malformed format specs, sweep files and arguments end in one `quantlab: error:` line and a
/// non-zero exit, never a trap (issue 9 items 5, 7, 10 and 22).
final class SpecErrorTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    @discardableResult
    func assertOneLineError(_ arguments: [String], mentions words: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let outcome = try CLI.run(arguments, in: dir)
        XCTAssertEqual(outcome.status, 1, "\(arguments): status \(outcome.status), stderr: \(outcome.stderr.prefix(500))", file: file, line: line)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "stderr: \(outcome.stderr.prefix(2000))", file: file, line: line)
        XCTAssertTrue(outcome.stderr.hasPrefix("quantlab: error: "), outcome.stderr, file: file, line: line)
        for word in words { XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in: \(outcome.stderr.prefix(2000))", file: file, line: line) }
        return outcome.stderr
    }

    func testMalformedSpecsOnTheCommandLine() throws {
        for spec in ["/", "//", "int8/=", "scaled(int8, =)", "int8/", "/int8", "int8//g32", "mxfp4(,,,)", "mxfp4(rule=ceil,rule=ceil)"] {
            try assertOneLineError(["formats", spec], mentions: ["'\(spec)'"])
        }
    }

    func testMalformedSpecInASweepFile() throws {
        let yaml = "title: t\ndata:\n  - normal(shape=4x32)\nformats:\n  - int8/g32\n  - int8/=\n"
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("s.yaml"))
        try assertOneLineError(["sweep", "s.yaml", "--reports", "R"], mentions: ["s.yaml", "int8/="])
    }

    func testMalformedSpecInANotebook() throws {
        let text = "# n\n\n```quantlab\ndata: [normal(shape=4x32)]\nformats: [\"scaled(int8, =)\"]\n```\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("n.md"))
        try assertOneLineError(["notebook", "n.md", "--reports", "R"], mentions: ["n.md", "scaled(int8, =)"])
    }

    func testDeeplyNestedYAMLIsRefused() throws {
        let yaml = "data: [normal(shape=4x32)]\nformats: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("deep.yaml"))
        try assertOneLineError(["sweep", "deep.yaml", "--reports", "R"], mentions: ["deep.yaml:2", "deeper than 64"])
    }

    func testNumericArgumentsOutOfRange() throws {
        try assertOneLineError(["bench", "--count", "4611686018427387904"], mentions: ["--count", "4611686018427387904"])
        try assertOneLineError(["bench", "--count", "10000"], mentions: ["--count", "multiple of 4096"])
        try assertOneLineError(["bench", "--count=-4096"], mentions: ["--count"])
        try assertOneLineError(["bench", "--repeats", "0"], mentions: ["--repeats"])
        try assertOneLineError(["bench", "--count", "4096", "--repeats", "1", "--spec", "int8/g32/nosuch"], mentions: ["int8/g32/nosuch"])
        try assertOneLineError(["analyze", "--format", "int8", "normal(shape=4x32)", "--block-size", "9223372036854775807"],
                               mentions: ["--block-size", "9223372036854775807"])
        try assertOneLineError(["analyze", "--format", "int8", "normal(shape=4x32)", "--block-size", "0"], mentions: ["--block-size"])
        try assertOneLineError(["verify", "--format", "int4", "--random=-1"], mentions: ["--random"])
        try assertOneLineError(["verify", "--random-specs", "0"], mentions: ["--random-specs"])
    }

    func testSuggestionsForMisspelledFormats() throws {
        let mx = try assertOneLineError(["formats", "mxfp8"], mentions: ["mxfp8_e4m3", "mxfp8_e5m2"])
        XCTAssertFalse(mx.contains("mxfp4"), mx)
        try assertOneLineError(["formats", "e4m3"], mentions: ["float8_e4m3fn", "fp:e4m3"])
        try assertOneLineError(["formats", "E5M2FNUZ"], mentions: ["fp:e5m2:fnuz", "float8_e5m2fnuz"])
        try assertOneLineError(["formats", "int3"], mentions: ["int:3"])
        try assertOneLineError(["formats", "float8_e4m3fz"], mentions: ["float8_e4m3fn", "float8_e4m3fnuz"])
    }

    func testMisspelledCommandIsSuggested() throws {
        let outcome = try CLI.run(["formts"], in: dir)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stderr.contains("unknown command 'formts'; did you mean formats?"), outcome.stderr)
        let fuz = try CLI.run(["fuz"], in: dir)
        XCTAssertTrue(fuz.stderr.contains("did you mean fuzz?"), fuz.stderr)
        XCTAssertEqual(try CLI.run(["help", "formats"], in: dir).status, 0)
        XCTAssertEqual(try CLI.run(["--help"], in: dir).status, 0)
    }

    /// A 100,000-value codebook (600 KB of spec text) is refused in a line of bounded length.
    func testErrorLinesDoNotEchoHugeSpecs() throws {
        let codebook = "codebook:" + (0 ..< 100_000).map(String.init).joined(separator: ",")
        let yaml = "data: [normal(shape=4x32)]\nformats:\n  - \"\(codebook)\"\n"
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("big.yaml"))
        let line = try assertOneLineError(["sweep", "big.yaml", "--reports", "R"], mentions: ["big.yaml:3", "65536", "characters"])
        XCTAssertLessThan(line.utf8.count, 1200)
    }
}
