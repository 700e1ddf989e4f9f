import Foundation
import XCTest

/// Where `-o` writes: through links and into FIFOs (never replacing them), never into a directory,
/// bytes that match the extension, `-` for standard output, and sets of files all or nothing.
final class OutputPathTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try CLI.scratch()
        try Data(CLI.npy(descr: "<f4", shape: [2, 32], data: CLI.floats((0 ..< 64).map { Float($0) / 9 - 3 })))
            .write(to: dir.appendingPathComponent("x.npy"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func contents(_ name: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(name)) }

    func type(_ name: String) throws -> FileAttributeType? {
        try FileManager.default.attributesOfItem(atPath: path(name))[.type] as? FileAttributeType
    }

    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Outcome {
        let outcome = try CLI.run(arguments, in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr, file: file, line: line)
        return outcome
    }

    func assertFails(_ arguments: [String], mentions words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(arguments, in: dir)
        XCTAssertEqual(outcome.status, 1, outcome.stderr, file: file, line: line)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr, file: file, line: line)
        for word in words { XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in: \(outcome.stderr)", file: file, line: line) }
    }

    func testSymlinkTargetIsWrittenAndTheLinkKept() throws {
        _ = try run(["quantize", "--format", "int8", "x.npy", "-o", "direct.npy"])
        try Data("old".utf8).write(to: dir.appendingPathComponent("target.npy"))
        try FileManager.default.createSymbolicLink(atPath: path("link.npy"), withDestinationPath: "target.npy")
        _ = try run(["quantize", "--format", "int8", "x.npy", "-o", "link.npy"])
        XCTAssertEqual(try type("link.npy"), .typeSymbolicLink)
        XCTAssertEqual(try contents("target.npy"), try contents("direct.npy"))
        try FileManager.default.createSymbolicLink(atPath: path("dangling.npy"), withDestinationPath: "missing/nothing.npy")
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "dangling.npy"], mentions: ["dangling.npy", "missing file"])
    }

    func testFIFOIsWrittenInPlaceNotReplaced() throws {
        XCTAssertEqual(mkfifo(path("pipe.npy"), 0o600), 0)
        let received = Box<Data>()
        let done = expectation(description: "reader finished")
        let fifo = path("pipe.npy")
        Thread.detachNewThread {
            received.value = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile()
            done.fulfill()
        }
        _ = try run(["quantize", "--format", "int8", "x.npy", "-o", "pipe.npy"])
        if XCTWaiter.wait(for: [done], timeout: 10) != .completed {
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)  // release the reader
            if fd >= 0 { close(fd) }
            XCTFail("nothing was written into the FIFO")
        }
        XCTAssertEqual(try type("pipe.npy"), .typeUnknown, "the FIFO must still be a FIFO")  // Foundation has no FIFO case
        _ = try run(["quantize", "--format", "int8", "x.npy", "-o", "direct.npy"])
        XCTAssertEqual(received.value, try contents("direct.npy"))
    }

    func testDirectoryAndUnknownExtensionsAreRefused() throws {
        try FileManager.default.createDirectory(atPath: path("out.npy"), withIntermediateDirectories: false)
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "out.npy"], mentions: ["out.npy", "is a directory"])
        try assertFails(["quantize", "--format", "int8", "x.npy", "-o", "out.bin"], mentions: ["out.bin", "'.bin'", ".safetensors"])
        try assertFails(["quantize", "--format", "int8", "--codes", "x.npy", "-o", "c.safetensors"], mentions: ["c.safetensors", ".npy"])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertEqual(names, ["out.npy", "x.npy"])
    }

    func testSafetensorsOutputIsSafetensorsWithMetadata() throws {
        _ = try run(["quantize", "--format", "mxfp4", "x.npy", "-o", "q.safetensors"])
        let bytes = [UInt8](try contents("q.safetensors"))
        let length = bytes.count >= 8 ? bytes[0 ..< 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) } : .max
        guard length <= UInt64(bytes.count - 8) else { return XCTFail("q.safetensors is not a safetensors file") }
        let n = Int(length)
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[8 ..< 8 + n])) as? [String: Any])
        let tensor = try XCTUnwrap(header["x"] as? [String: Any])
        XCTAssertEqual(tensor["dtype"] as? String, "F32")
        XCTAssertEqual(tensor["shape"] as? [Int], [2, 32])
        let metadata = try XCTUnwrap(header["__metadata__"] as? [String: String])
        XCTAssertEqual(metadata["quantlab.format"], "mxfp4")
        XCTAssertEqual(bytes.count, 8 + n + 64 * 4)
        // The values are those of the .npy output.
        _ = try run(["quantize", "--format", "mxfp4", "x.npy", "-o", "q.npy"])
        XCTAssertEqual(Array(bytes[(8 + n)...]), Array([UInt8](try contents("q.npy")).suffix(64 * 4)))
    }

    func testDashWritesToStandardOutput() throws {
        let piped = try run(["quantize", "--format", "int8", "x.npy", "-o", "-"])
        _ = try run(["quantize", "--format", "int8", "x.npy", "-o", "q.npy"])
        XCTAssertEqual(piped.stdoutData, try contents("q.npy"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("-")))
        let csv = try run(["analyze", "--format", "int8", "--format", "mxfp4", "normal(shape=4x64, seed=3)", "-o", "-"])
        _ = try run(["analyze", "--format", "int8", "--format", "mxfp4", "normal(shape=4x64, seed=3)", "-o", "a.csv"])
        XCTAssertEqual(csv.stdout, String(decoding: try contents("a.csv"), as: UTF8.self))
        XCTAssertTrue(csv.stdout.hasPrefix("index,data,"), csv.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("-")))
    }

    /// The codes, scales and tensor scale are one set: when a later file cannot be written, the
    /// earlier ones are not left behind, and files of an earlier run stay as they were.
    func testCodesSetIsAllOrNothing() throws {
        try Data("previous".utf8).write(to: dir.appendingPathComponent("c.npy"))
        for blocker in ["c.scales.npy", "c.tensor_scale.npy"] {
            try FileManager.default.createDirectory(atPath: path(blocker), withIntermediateDirectories: false)
            try assertFails(["quantize", "--format", "mxfp4", "--codes", "x.npy", "-o", "c.npy"], mentions: [blocker, "directory"])
            XCTAssertEqual(try contents("c.npy"), Data("previous".utf8))
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            XCTAssertEqual(names, [blocker, "c.npy", "x.npy"].sorted())
            try FileManager.default.removeItem(atPath: path(blocker))
        }
        _ = try run(["quantize", "--format", "mxfp4", "--codes", "x.npy", "-o", "c.npy"])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertEqual(names, ["c.npy", "c.scales.npy", "c.tensor_scale.npy", "x.npy"])
    }
}

/// A mutable cell a detached thread can fill.
final class Box<T>: @unchecked Sendable {
    var value: T?
}
