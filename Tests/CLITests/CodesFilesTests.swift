import Foundation
import XCTest

/// What `quantize --codes` writes: the OCP MX byte for integer elements, and the set of files
/// published together or not at all.
final class CodesFilesTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: dir.appendingPathComponent(name))
    }

    /// The data bytes of a version-1 .npy file.
    func npyData(_ name: String) throws -> [UInt8] {
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        return Array(bytes[(10 + length)...])
    }

    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(arguments, in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr, file: file, line: line)
    }

    /// OCP MX v1.0: an MXINT8 element k means k/64, so a block with amax 1 has shared exponent 0
    /// (byte 127) and 1.0 is k = 64; mxint4 (+-7, k/4) stores 1.0 as k = 4 with the same byte.
    func testMXIntScaleByteIsTheOCPByte() throws {
        var x = [Float](repeating: 0.25, count: 64)
        x[0] = 1; x[1] = -0.5; x[32] = 96; x[33] = 1.5
        try write("x.npy", CLI.npy(descr: "<f4", shape: [1, 64], data: CLI.floats(x)))
        for (spec, k) in [("mxint8", 64), ("mxint8(sym)", 64), ("mxint6", 16), ("mxint4", 4)] {
            try run(["quantize", "--format", spec, "--codes", "x.npy", "-o", "c.npy"])
            // Block 0: amax 1 -> 2^0 (127). Block 1: amax 96 -> floor(log2 96) = 6 -> 133.
            XCTAssertEqual(try npyData("c.scales.npy"), [127, 133], spec)
            XCTAssertEqual(Int(try npyData("c.npy")[0]), k, spec)
            try run(["quantize", "--format", spec, "x.npy", "-o", "q.npy"])
            try run(["dequantize", "--format", spec, "c.npy", "-o", "d.npy"])
            XCTAssertEqual(try npyData("q.npy"), try npyData("d.npy"), spec)
        }
    }

    /// A byte below 6 (an exponent below QuantLab's 2^-127 scale for k) comes from another writer;
    /// it decodes to k/64 * 2^(byte-127) exactly.
    func testMXInt8SmallOCPBytesDecodeExactly() throws {
        try write("c.npy", CLI.npy(descr: "|u1", shape: [1, 32], data: [64, 0xC0] + [UInt8](repeating: 1, count: 30)))
        try write("c.scales.npy", CLI.npy(descr: "|u1", shape: [1], data: [0]))
        try write("c.tensor_scale.npy", CLI.npy(descr: "<f4", shape: [1], data: CLI.floats([1])))
        try run(["dequantize", "--format", "mxint8", "c.npy", "-o", "d.npy"])
        let values = try npyData("d.npy").withUnsafeBytes { raw in (0 ..< 32).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
        XCTAssertEqual(values[0], 0x1p-127)
        XCTAssertEqual(values[1], -0x1p-127)
        XCTAssertEqual(values[2], 0x1p-133)
    }

    /// The ceil rule can pick 2^122 for an amax near FLT_MAX: with k/64 elements that is shared
    /// exponent 128, which E8M0 cannot hold (0xFF is NaN), so the codes are refused.
    func testMXIntScaleAboveTheOCPRangeIsRefused() throws {
        var x = [Float](repeating: 1, count: 32)
        x[5] = 3.0e38
        try write("x.npy", CLI.npy(descr: "<f4", shape: [1, 32], data: CLI.floats(x)))
        let outcome = try CLI.run(["quantize", "--format", "mxint8(rule=ceil)", "--codes", "x.npy", "-o", "c.npy"], in: dir)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("c.scales.npy") && outcome.stderr.contains("group 0"), outcome.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["x.npy"])
    }
}
