import Foundation
import XCTest

final class QuantizeCommandTests: XCTestCase {
    func testFloat16InputGivesFloat32OfTheSameShape() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // float16 values 1.0 (0x3C00), 2.5 (0x4100), -3.25 (0xC280), 0.1 (0x2E66): <f2, shape (2, 2).
        let halves: [UInt16] = [0x3C00, 0x4100, 0xC280, 0x2E66]
        let data = halves.flatMap { h -> [UInt8] in [UInt8(h & 0xFF), UInt8(h >> 8)] }
        try Data(CLI.npy(descr: "<f2", shape: [2, 2], data: data)).write(to: dir.appendingPathComponent("x.npy"))
        let outcome = try CLI.run(["quantize", "--format", "float4_e2m1fn", "x.npy", "-o", "y.npy"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("y.npy")))
        let header = String(decoding: bytes.prefix(128), as: UTF8.self)
        XCTAssertTrue(header.contains("'descr': '<f4'") && header.contains("(2, 2)"), header)
        let values = stride(from: bytes.count - 16, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
        XCTAssertEqual(values, [1, 2, -3, 0])
    }

    func testScaledCodesWriteScalesBeside() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = (0 ..< 64).map { Float($0) / 10 - 3 }
        try Data(CLI.npy(descr: "<f4", shape: [2, 32], data: CLI.floats(x))).write(to: dir.appendingPathComponent("x.npy"))
        let outcome = try CLI.run(["quantize", "--format", "mxfp4", "--codes", "x.npy", "-o", "c.npy"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        for name in ["c.npy", "c.scales.npy", "c.tensor_scale.npy"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), name)
        }
        let packed = try CLI.run(["quantize", "--format", "float4_e2m1fn", "--codes", "--packed", "x.npy", "-o", "p.npy"], in: dir)
        XCTAssertEqual(packed.status, 0, packed.stderr)
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("p.npy")))
        XCTAssertTrue(String(decoding: bytes.prefix(128), as: UTF8.self).contains("(32,)"))  // 64 codes x 4 bits
    }

    func testVerifyAndFormatsRun() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let verify = try CLI.run(["verify", "--format", "float4_e2m1fn", "--random", "2000"], in: dir)
        XCTAssertEqual(verify.status, 0, verify.stderr)
        XCTAssertTrue(verify.stdout.contains("0 mismatches"), verify.stdout)
        let formats = try CLI.run(["formats"], in: dir)
        XCTAssertTrue(formats.stdout.contains("nvfp4") && formats.stdout.contains("4.25"), formats.stdout)
    }

    func testCodesRoundTripThroughFilesIsExact() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x: [Float] = (0 ..< 512).map { i in
            let sign: Float = i % 2 == 0 ? 0.37 : -1.3
            return Float(i % 37) * sign / Float(1 + i % 5)
        }
        try Data(CLI.npy(descr: "<f4", shape: [4, 128], data: CLI.floats(x))).write(to: dir.appendingPathComponent("x.npy"))
        for spec in ["mxfp4", "nvfp4", "int4/g64", "uint4/g32/asym", "float8_e5m2"] {
            XCTAssertEqual(try CLI.run(["quantize", "--format", spec, "x.npy", "-o", "q.npy"], in: dir).status, 0, spec)
            XCTAssertEqual(try CLI.run(["quantize", "--format", spec, "--codes", "x.npy", "-o", "c.npy"], in: dir).status, 0, spec)
            let back = try CLI.run(["dequantize", "--format", spec, "c.npy", "-o", "d.npy"], in: dir)
            XCTAssertEqual(back.status, 0, back.stderr)
            XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("q.npy")), try Data(contentsOf: dir.appendingPathComponent("d.npy")), spec)
        }
        XCTAssertEqual(try CLI.run(["quantize", "--format", "float6_e3m2fn", "--codes", "--packed", "x.npy", "-o", "p.npy"], in: dir).status, 0)
        XCTAssertEqual(try CLI.run(["quantize", "--format", "float6_e3m2fn", "x.npy", "-o", "q.npy"], in: dir).status, 0)
        XCTAssertEqual(try CLI.run(["dequantize", "--format", "float6_e3m2fn", "--shape", "4x128", "p.npy", "-o", "d.npy"], in: dir).status, 0)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("q.npy")), try Data(contentsOf: dir.appendingPathComponent("d.npy")))
    }
}
