import Foundation
import XCTest

/// Each bad input ends in one error line naming the problem, a non-zero exit, and no output file.
final class BadInputTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: dir.appendingPathComponent(name))
    }

    func assertFails(_ arguments: [String], mentions words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(arguments, in: dir)
        XCTAssertNotEqual(outcome.status, 0, file: file, line: line)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "stderr: \(outcome.stderr)", file: file, line: line)
        for word in words { XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in: \(outcome.stderr)", file: file, line: line) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.npy").path), file: file, line: line)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("out") || $0.contains(".tmp") }
        XCTAssertEqual(leftovers, [], file: file, line: line)
    }

    func testUnknownFormatSuggestsNames() throws {
        try write("x.npy", CLI.npy(descr: "<f4", shape: [2], data: CLI.floats([1, 2])))
        try assertFails(["quantize", "--format", "float8_e4m3fz", "x.npy", "-o", "out.npy"], mentions: ["float8_e4m3fz", "float8_e4m3fn"])
    }

    func testTruncatedNPY() throws {
        try write("x.npy", CLI.npy(descr: "<f4", shape: [4], data: CLI.floats([1, 2, 3])))
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "out.npy"], mentions: ["x.npy"])
    }

    func testNotNPY() throws {
        try write("x.npy", Array("just some text, not numpy".utf8))
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "out.npy"], mentions: ["x.npy"])
    }

    func testBigEndian() throws {
        try write("x.npy", CLI.npy(descr: ">f4", shape: [1], data: [0x3F, 0x80, 0, 0]))
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "out.npy"], mentions: ["x.npy", "big-endian"])
    }

    func testFortranOrder() throws {
        try write("x.npy", CLI.npy(descr: "<f4", fortran: true, shape: [2, 2], data: CLI.floats([1, 2, 3, 4])))
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "out.npy"], mentions: ["x.npy", "ortran"])
    }

    func testUnsupportedDType() throws {
        try write("x.npy", CLI.npy(descr: "<c8", shape: [1], data: CLI.floats([1, 0])))
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "out.npy"], mentions: ["x.npy", "<c8"])
    }

    func testUnreadableInput() throws {
        try assertFails(["quantize", "--format", "int8", "missing.npy", "-o", "out.npy"], mentions: ["missing.npy"])
    }

    func testUnwritableOutput() throws {
        try write("x.npy", CLI.npy(descr: "<f4", shape: [2], data: CLI.floats([1, 2])))
        let outcome = try CLI.run(["quantize", "--format", "int8", "x.npy", "-o", "no/such/folder/out.npy"], in: dir)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stderr.contains("no/such/folder"), outcome.stderr)
    }

    func testBlockLargerThanAxis() throws {
        try write("x.npy", CLI.npy(descr: "<f4", shape: [2, 8], data: CLI.floats([Float](repeating: 1, count: 16))))
        try assertFails(["quantize", "--format", "mxfp4", "x.npy", "-o", "out.npy"], mentions: ["block size 32", "(8)"])
    }

    func testUnknownRounding() throws {
        try write("x.npy", CLI.npy(descr: "<f4", shape: [2], data: CLI.floats([1, 2])))
        try assertFails(["quantize", "--format", "int8", "--rounding", "nearst", "x.npy", "-o", "out.npy"], mentions: ["nearst"])
    }
}
