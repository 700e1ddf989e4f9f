import Foundation
import XCTest
@testable import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// Reading files that are not what they seem: a FIFO (would block forever in open), a file that
/// shrinks or changes after it was opened (a memory map would fault with SIGBUS), and the
/// bfloat16 files numpy writes with ml_dtypes.
final class FileReadingTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func testFIFOIsRefusedWithoutBlocking() throws {
        let path = dir + "/pipe.npy"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        let done = expectation(description: "read returns")
        let outcome = Box<String>()
        Thread.detachNewThread {
            do {
                _ = try NPYFile.read(path: path)
                outcome.value = "read returned tensors"
            } catch {
                outcome.value = "\(error)"
            }
            done.fulfill()
        }
        let waited = XCTWaiter.wait(for: [done], timeout: 5)
        if waited != .completed {
            // Unblock the reader stuck in open(2) so the test process can end.
            let fd = open(path, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
            XCTFail("reading a FIFO blocked")
            return
        }
        let message = try XCTUnwrap(outcome.value)
        XCTAssertTrue(message.contains(path) && message.contains("FIFO"), message)
        assertError(try SafetensorsFile.read(path: path), contains: path, "FIFO")
        assertError(try SafetensorsFile.read(path: dir), contains: dir, "directory")
    }

    func testFileShrinkingAfterOpenIsAnErrorNotAFault() throws {
        let path = dir + "/w.npy"
        try NPYFile.write(Tensor(shape: [64, 64], values: (0 ..< 4096).map(Float.init)), to: path)
        let file = try ReadOnlyFile(path: path)
        XCTAssertEqual(truncate(path, 300), 0)  // e.g. np.save rewriting the checkpoint
        assertError(try NPYFile.read(file), contains: path, "changed while reading")

        let model = dir + "/m.safetensors"
        try SafetensorsFile.write([("w", Tensor(shape: [64, 64], values: (0 ..< 4096).map(Float.init)))], to: model)
        let mapped = try ReadOnlyFile(path: model)
        XCTAssertEqual(truncate(model, 200), 0)
        assertError(try SafetensorsFile.read(mapped, select: nil), contains: model, "changed while reading")
    }

    func testChunkedReadStopsWhenTheFileShrinksMidRead() throws {
        let path = dir + "/big.bin"
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: path))
        let file = try ReadOnlyFile(path: path)
        var chunks = 0
        assertError(try file.forEachChunk(at: 0, count: 10_000, chunkBytes: 1000) { _ in
            chunks += 1
            if chunks == 2 { XCTAssertEqual(truncate(path, 2500), 0) }
        }, contains: path, "changed while reading")
        XCTAssertEqual(chunks, 2)
    }

    func testSizeAndTimeAreRecheckedAfterReading() throws {
        let path = dir + "/g.npy"
        try NPYFile.write(Tensor(shape: [4], values: [1, 2, 3, 4]), to: path)
        let file = try ReadOnlyFile(path: path)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data([0, 0, 0, 0]))
        try handle.close()
        assertError(try NPYFile.read(file), contains: path, "changed while reading")
    }

    /// `np.save(path, ml_dtypes.bfloat16 array)` writes descr '<V2' (ml_dtypes 0.6, numpy 2.4).
    func testMLDtypesBFloat16NPY() throws {
        // [[1, -2.5, 3.140625], [0, 65280, -0]] as bfloat16, the bytes numpy + ml_dtypes write.
        let bits: [UInt16] = [0x3F80, 0xC020, 0x4049, 0x0000, 0x477F, 0x8000]
        let image = NPYFile.image(descr: "<V2", shape: [2, 3], elements: bits) { $0 }
        let tensor = try NPYFile.parse(image, name: "bf.npy")
        XCTAssertEqual(tensor.shape, [2, 3])
        assertSameBits(tensor.values, [1, -2.5, 3.140625, 0, 65280, -0.0])
        assertError(try NPYFile.parse(NPYFile.image(descr: "|V1", shape: [1], elements: [UInt8(1)]) { $0 }, name: "f8.npy"),
                    contains: "f8.npy", "'|V1'", "<V2 (bfloat16, as ml_dtypes writes it)")
    }
}

/// A mutable cell a detached thread can fill.
final class Box<T>: @unchecked Sendable {
    var value: T?
}

/// Several files published together (`AtomicFileSet`), and what `-o` paths lead to (`OutputTarget`).
final class AtomicFileSetTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    func testStagingFailureLeavesNothing() throws {
        try FileManager.default.createDirectory(atPath: dir + "/b.npy", withIntermediateDirectories: false)
        do {
            let set = AtomicFileSet()
            try set.stage([1, 2, 3], to: dir + "/a.npy")
            assertError(try set.stage([4], to: dir + "/b.npy"), contains: dir + "/b.npy", "is a directory")
        }
        XCTAssertEqual(try names(), ["b.npy"], "the staged temporary of a.npy must be gone")
    }

    func testRenameFailureRestoresWhatWasReplaced() throws {
        try Data([9]).write(to: URL(fileURLWithPath: dir + "/a.npy"))
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        let set = AtomicFileSet()
        try set.stage([1, 2, 3], to: dir + "/a.npy")
        try set.stage([4], to: dir + "/new.npy")
        try set.stage([5], to: dir + "/sub/b.npy")
        try FileManager.default.removeItem(atPath: dir + "/sub")  // the last rename will fail
        assertError(try set.publish(), contains: dir + "/sub/b.npy", "cannot rename")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/a.npy")), Data([9]))
        XCTAssertEqual(try names(), ["a.npy"])
    }

    func testPublishedSetAndModes() throws {
        try Data([9]).write(to: URL(fileURLWithPath: dir + "/a.npy"))
        XCTAssertEqual(chmod(dir + "/a.npy", 0o600), 0)
        let set = AtomicFileSet()
        try set.stage([1], to: dir + "/a.npy")
        try set.stage([2], to: dir + "/b.npy")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/a.npy")), Data([9]), "nothing visible before publish")
        try set.publish()
        XCTAssertEqual(try names(), ["a.npy", "b.npy"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/a.npy")), Data([1]))
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/a.npy")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600, "a replaced file keeps its permissions")
    }

    func testOutputTargets() throws {
        XCTAssertEqual(try OutputTarget.resolve("/dev/null"), .device(path: "/dev/null"))
        XCTAssertEqual(try OutputTarget.resolve(dir + "/new.npy"), .file(path: dir + "/new.npy", mode: 0o644))
        try Data([1]).write(to: URL(fileURLWithPath: dir + "/t.npy"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/l.npy", withDestinationPath: "t.npy")
        guard case let .file(resolved, _) = try OutputTarget.resolve(dir + "/l.npy") else { return XCTFail("not a file") }
        XCTAssertEqual(URL(fileURLWithPath: resolved).lastPathComponent, "t.npy")
        assertError(try OutputTarget.resolve(dir), contains: dir, "is a directory")
        assertError(try OutputTarget.resolve(dir + "/none/x.npy"), contains: "none", "does not exist")
    }

    func testStaleTemporariesOfDeadWritersAreRemoved() throws {
        // PIDs above the kernel's pid_max (at most 2^22) are never alive.
        let dead = "\(dir!)/.r.json.tmp-99999999-123", fresh = "\(dir!)/.s.json.tmp-99999999-456"
        let live = "\(dir!)/.t.json.tmp-\(getpid())-789", other = "\(dir!)/.u.json.tmp-abc", nested = "\(dir!)/sub/.v.json.tmp-99999998-1"
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        for path in [dead, fresh, live, other, nested] { try Data([0]).write(to: URL(fileURLWithPath: path)) }
        let old = Date(timeIntervalSinceNow: -3600)
        for path in [dead, live, other, nested] { try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path) }
        XCTAssertEqual(AtomicFileWriter.removeStaleTemporaries(in: dir, recursive: false), [dead])
        XCTAssertEqual(AtomicFileWriter.removeStaleTemporaries(in: dir, recursive: true), [nested])
        XCTAssertTrue([fresh, live, other].allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }
}
