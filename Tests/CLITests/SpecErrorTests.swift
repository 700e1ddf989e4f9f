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
}
