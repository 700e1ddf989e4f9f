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
