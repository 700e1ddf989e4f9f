import Foundation
import XCTest

/// `quantlab gemm`: a run writes Y and the report; each bad input ends in one error line, a
/// non-zero exit, and no output file.
final class GemmCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, shape: [Int], _ values: [Float]) throws {
        try Data(CLI.npy(descr: "<f4", shape: shape, data: CLI.floats(values))).write(to: dir.appendingPathComponent(name))
    }

    func matrix(_ rows: Int, _ columns: Int, offset: Float = 0) -> [Float] {
        (0 ..< rows * columns).map { Float(($0 * 7 + 3) % 11) / 4 - 1.25 + offset }
    }

    func assertFails(_ arguments: [String], mentions words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(["gemm"] + arguments + ["-o", "out.npy", "--report", "out.json"], in: dir)
        XCTAssertNotEqual(outcome.status, 0, file: file, line: line)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "stderr: \(outcome.stderr)", file: file, line: line)
        for word in words { XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in: \(outcome.stderr)", file: file, line: line) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("out") || $0.contains(".tmp") }
        XCTAssertEqual(leftovers, [], file: file, line: line)
    }

    func testRunWritesYAndTheReport() throws {
        try write("a.npy", shape: [3, 40], matrix(3, 40))
        try write("b.npy", shape: [5, 40], matrix(5, 40, offset: 0.5))
        let outcome = try CLI.run(["gemm", "a.npy", "b.npy", "--a-format", "mxfp8_e4m3", "--b-format", "nvfp4", "--accumulate", "bf16",
                                   "--promote", "16", "-o", "y.npy", "--report", "r.json"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("accumulation"), outcome.stdout)
        let y = try Data(contentsOf: dir.appendingPathComponent("y.npy"))
        XCTAssertTrue(String(decoding: y.prefix(128), as: UTF8.self).contains("'shape': (3, 5)"))
        XCTAssertEqual(y.count, 128 + 3 * 5 * 4)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as? [String: Any]
        XCTAssertEqual(report?["samples"] as? Int, 15)
        XCTAssertEqual(report?["accumulator"] as? String, "bfloat16")
        for part in ["total", "quantization", "accumulation"] { XCTAssertNotNil(report?[part] as? [String: Any], part) }
    }

    func testDepthMismatch() throws {
        try write("a.npy", shape: [3, 40], matrix(3, 40))
        try write("b.npy", shape: [5, 32], matrix(5, 32))
        try assertFails(["a.npy", "b.npy"], mentions: ["K mismatch", "3x40", "5x32"])
    }

    func testNonFiniteOperandIsRefusedUnlessAllowed() throws {
        var values = matrix(3, 40)
        values[7] = .nan
        try write("a.npy", shape: [3, 40], values)
        try write("b.npy", shape: [5, 40], matrix(5, 40))
        try assertFails(["a.npy", "b.npy"], mentions: ["a.npy", "NaN or infinite", "--allow-nonfinite"])
        let outcome = try CLI.run(["gemm", "a.npy", "b.npy", "--allow-nonfinite", "-o", "y.npy"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("replaced by 0"), outcome.stderr)
    }

    func testAccumulatorThatIsNotAFormat() throws {
        try write("a.npy", shape: [3, 40], matrix(3, 40))
        try write("b.npy", shape: [5, 40], matrix(5, 40))
        try assertFails(["a.npy", "b.npy", "--accumulate", "int8"], mentions: ["accumulator 'int8'", "not a floating-point format"])
        try assertFails(["a.npy", "b.npy", "--accumulate", "fp17"], mentions: ["accumulator 'fp17'", "unknown format", "did you mean", "fp16"])
        try assertFails(["a.npy", "b.npy", "--accumulate", "float8_e8m0fnu"], mentions: ["no mantissa bits"])
        try assertFails(["a.npy", "b.npy", "--accumulate-rounding", "stochastic"], mentions: ["stochastic", "nearest-even or toward-zero"])
    }

    func testBadOptions() throws {
        try write("a.npy", shape: [3, 40], matrix(3, 40))
        try write("b.npy", shape: [5, 40], matrix(5, 40))
        try write("c.npy", shape: [2, 3, 40], matrix(6, 40))
        try assertFails(["a.npy", "b.npy", "--accumulate", "exact", "--promote", "8"], mentions: ["--promote"])
        try assertFails(["a.npy", "b.npy", "--promote", "0"], mentions: ["promotion interval 0"])
        try assertFails(["a.npy", "b.npy", "--block-sum", "tree"], mentions: ["block sum 'tree'"])
        try assertFails(["a.npy", "b.npy", "--a-format", "int8/g64"], mentions: ["block size 64", "40"])
        try assertFails(["a.npy", "b.npy", "--hadamard", "16"], mentions: ["40", "16"])
        try assertFails(["c.npy", "b.npy"], mentions: ["2x3x40", "matrix"])
        try assertFails(["a.npy", "missing.npy"], mentions: ["missing.npy"])
    }

    func testBlockSizeNotDividingKMakesAPartialBlock() throws {
        try write("a.npy", shape: [3, 40], matrix(3, 40))
        try write("b.npy", shape: [5, 40], matrix(5, 40))
        let outcome = try CLI.run(["gemm", "a.npy", "b.npy", "--a-format", "mxint8", "--b-format", "int4/g16", "-o", "y.npy"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
    }
}
