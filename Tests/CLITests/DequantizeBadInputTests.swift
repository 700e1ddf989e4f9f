import Foundation
import XCTest

/// `dequantize` on codes files it did not write (or that were damaged): every file is checked
/// against the format's layout (dtype, length, value range) and a mismatch is one error line naming
/// the file, a non-zero exit and no output, never a trap or a silent garbage read.
final class DequantizeBadInputTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: dir.appendingPathComponent(name))
    }

    func quantizeCodes(_ spec: String, rows: Int = 4, columns: Int = 64) throws {
        let x = (0 ..< rows * columns).map { Float($0 % 29) / 7 - 2 }
        try write("x.npy", CLI.npy(descr: "<f4", shape: [rows, columns], data: CLI.floats(x)))
        let outcome = try CLI.run(["quantize", "--format", spec, "--codes", "x.npy", "-o", "c.npy"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
    }

    func assertDequantizeFails(_ spec: String, _ extra: [String] = [], input: String = "c.npy", mentions words: [String],
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(["dequantize", "--format", spec, input, "-o", "out.npy"] + extra, in: dir)
        XCTAssertEqual(outcome.status, 1, outcome.stderr, file: file, line: line)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "stderr: \(outcome.stderr.prefix(2000))", file: file, line: line)
        XCTAssertTrue(outcome.stderr.hasPrefix("quantlab: error: "), outcome.stderr, file: file, line: line)
        for word in words { XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in: \(outcome.stderr)", file: file, line: line) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("out") || $0.contains(".tmp") }
        XCTAssertEqual(leftovers, [], file: file, line: line)
    }

    static func u2(_ values: [UInt16]) -> [UInt8] { values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

    // Item 2: side files of the wrong length or dtype.

    func testShortOrEmptyZeroPoints() throws {
        try quantizeCodes("uint4/g32/asym")  // 4 rows x 2 groups = 8 zero points
        try write("c.zero_points.npy", CLI.npy(descr: "<u2", shape: [7], data: Self.u2([1, 2, 3, 4, 5, 6, 7])))
        try assertDequantizeFails("uint4/g32/asym", mentions: ["c.zero_points.npy", "8", "(7,)"])
        try write("c.zero_points.npy", CLI.npy(descr: "<u2", shape: [0], data: []))
        try assertDequantizeFails("uint4/g32/asym", mentions: ["c.zero_points.npy", "8", "(0,)"])
        try write("c.zero_points.npy", CLI.npy(descr: "<f4", shape: [8], data: CLI.floats([Float](repeating: -1, count: 8))))
        try assertDequantizeFails("uint4/g32/asym", mentions: ["c.zero_points.npy", "'<f4'", "<u2"])
        try write("c.zero_points.npy", CLI.npy(descr: "<u2", shape: [8], data: Self.u2([0, 1, 2, 3, 4, 5, 6, 16])))
        try assertDequantizeFails("uint4/g32/asym", mentions: ["c.zero_points.npy", "16", "15"])
    }

    func testEmptyOrWrongTensorScale() throws {
        try quantizeCodes("nvfp4")
        try write("c.tensor_scale.npy", CLI.npy(descr: "<f4", shape: [0], data: []))
        try assertDequantizeFails("nvfp4", mentions: ["c.tensor_scale.npy", "(1,)", "(0,)"])
        try write("c.tensor_scale.npy", CLI.npy(descr: "<f4", shape: [1], data: CLI.floats([-0.5])))
        try assertDequantizeFails("nvfp4", mentions: ["c.tensor_scale.npy", "-0.5"])
        try write("c.tensor_scale.npy", CLI.npy(descr: "<f4", shape: [1], data: CLI.floats([.nan])))
        try assertDequantizeFails("nvfp4", mentions: ["c.tensor_scale.npy", "nan"])
        try write("c.tensor_scale.npy", CLI.npy(descr: "<f8", shape: [1], data: withUnsafeBytes(of: 1.0.bitPattern.littleEndian, Array.init)))
        try assertDequantizeFails("nvfp4", mentions: ["c.tensor_scale.npy", "'<f8'"])
        try quantizeCodes("mxfp4")
        try write("c.tensor_scale.npy", CLI.npy(descr: "<f4", shape: [1], data: CLI.floats([2])))
        try assertDequantizeFails("mxfp4", mentions: ["c.tensor_scale.npy", "1"])
    }

    func testScalesOfTheWrongLengthDtypeOrSign() throws {
        try quantizeCodes("mxfp4")  // 4 rows x 2 blocks = 8 scales
        try write("c.scales.npy", CLI.npy(descr: "|u1", shape: [9], data: [UInt8](repeating: 127, count: 9)))
        try assertDequantizeFails("mxfp4", mentions: ["c.scales.npy", "(8,)", "(9,)"])
        try write("c.scales.npy", CLI.npy(descr: "<f4", shape: [8], data: CLI.floats([Float](repeating: -1, count: 8))))
        try assertDequantizeFails("mxfp4", mentions: ["c.scales.npy", "'<f4'", "|u1"])
        try quantizeCodes("int4/g32")  // FP32 scales
        try write("c.scales.npy", CLI.npy(descr: "<f4", shape: [8], data: CLI.floats([1, 1, 1, -2, 1, 1, 1, 1])))
        try assertDequantizeFails("int4/g32", mentions: ["c.scales.npy", "-2", "group 3"])
        try quantizeCodes("nvfp4")  // E4M3 scale codes; 0xB8 is -1.0
        try write("c.scales.npy", CLI.npy(descr: "|u1", shape: [16], data: [UInt8](repeating: 0x38, count: 15) + [0xB8]))
        try assertDequantizeFails("nvfp4", mentions: ["c.scales.npy", "group 15", "-1"])
        try FileManager.default.removeItem(at: dir.appendingPathComponent("c.scales.npy"))
        try assertDequantizeFails("nvfp4", mentions: ["c.scales.npy"])
    }

    // Item 6: codes it did not write.

    func testCodesOfAnotherDtype() throws {
        try write("neg.npy", CLI.npy(descr: "|i1", shape: [2], data: [0xFD, 5]))
        try assertDequantizeFails("int8", input: "neg.npy", mentions: ["neg.npy", "'|i1'", "|u1"])
        try write("nan.npy", CLI.npy(descr: "<f4", shape: [2], data: CLI.floats([.nan, 1])))
        try assertDequantizeFails("int8", input: "nan.npy", mentions: ["nan.npy", "'<f4'"])
        try write("big.npy", CLI.npy(descr: "<f8", shape: [2], data: [5e9, 1].flatMap { (d: Double) in withUnsafeBytes(of: d.bitPattern.littleEndian, Array.init) }))
        try assertDequantizeFails("int8", input: "big.npy", mentions: ["big.npy", "'<f8'"])
        try write("wide.npy", CLI.npy(descr: "<u2", shape: [2], data: Self.u2([1, 2])))
        try assertDequantizeFails("int8", input: "wide.npy", mentions: ["wide.npy", "'<u2'", "|u1"])
    }

    func testCodesWiderThanTheFormat() throws {
        try write("c.npy", CLI.npy(descr: "|u1", shape: [3], data: [1, 15, 31]))
        try assertDequantizeFails("float4_e2m1fn", mentions: ["c.npy", "31", "index 2", "4-bit"])
    }

    func testShapeThatOverflowsOrDisagrees() throws {
        try write("c.npy", CLI.npy(descr: "|u1", shape: [4], data: [1, 2, 3, 4]))
        try assertDequantizeFails("int4", ["--shape", "4294967296x4294967296"], mentions: ["--shape", "4294967296x4294967296"])
        try assertDequantizeFails("int4", ["--shape", "9223372036854775807x3"], mentions: ["--shape"])
        try assertDequantizeFails("int4", ["--shape", "3x5"], mentions: ["c.npy", "8 bytes", "4"])
        try assertDequantizeFails("int8", ["--shape", "3x5"], mentions: ["c.npy", "15", "4"])
        try assertDequantizeFails("int4", ["--shape", "2x-1"], mentions: ["--shape", "2x-1"])
    }

    func testPackedCodesMustBeExactlyTheStream() throws {
        try write("c.npy", CLI.npy(descr: "|u1", shape: [5], data: [1, 2, 3, 4, 5]))
        // 8 codes of 4 bits are 4 bytes; a fifth byte is not part of any stream quantize writes.
        try assertDequantizeFails("int4", ["--shape", "2x4"], mentions: ["c.npy", "4 bytes", "5"])
    }
}
