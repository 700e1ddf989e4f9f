import Foundation
import XCTest
@testable import Tensors

final class SafetensorsFileTests: XCTestCase {
    private let tensors: [(name: String, tensor: Tensor)] = [
        ("encoder.layer.1.weight", Tensor(shape: [2, 2], values: [1, 2, 3, 4])),
        ("encoder.layer.0.weight", Tensor(shape: [3], values: [-1, .nan, .infinity])),
        ("encoder.layer.0.bias", Tensor(shape: [], values: [0.5])),
        ("decoder.weight", Tensor(shape: [1, 2], values: [7, 8])),
    ]

    private func image(_ header: String, data: [UInt8] = []) -> [UInt8] {
        TensorFileFuzzer.safetensorsImage(header: header, data: data)
    }

    func testRoundTripThroughFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/model.safetensors"
        try SafetensorsFile.write(tensors, metadata: ["format": "pt"], to: path)
        let back = try SafetensorsFile.read(path: path)
        XCTAssertEqual(back.map(\.name), tensors.map(\.name).sorted())
        for (name, tensor) in tensors {
            let loaded = try XCTUnwrap(back.first { $0.name == name }).tensor
            XCTAssertEqual(loaded.shape, tensor.shape)
            assertSameBits(loaded.values, tensor.values)
        }
        let header = try SafetensorsFile.readHeader(path: path)
        XCTAssertEqual(header.metadata, ["format": "pt"])
        XCTAssertEqual(header.dataStart % 8, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["model.safetensors"])
    }

    func testWriterLayoutIsSortedAlignedAndDeterministic() throws {
        let bytes = try SafetensorsFile.encode(tensors)
        XCTAssertEqual(bytes, try SafetensorsFile.encode(tensors.reversed()))
        let n = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        XCTAssertEqual(n % 8, 0)
        let json = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        XCTAssertTrue(json.hasPrefix(#"{"decoder.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"encoder.layer.0.bias""#), json)
        assertError(try SafetensorsFile.encode([("a", Tensor(shape: [1], values: [1])), ("a", Tensor(shape: [1], values: [2]))], name: "dup.safetensors"),
                    contains: "dup.safetensors", "'a'", "twice")
    }

    func testAllReadableDTypes() throws {
        let f64 = withUnsafeBytes(of: (0.1).bitPattern.littleEndian, Array.init)
        let bytes = image(
            #"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},"#
                + #""i":{"dtype":"I8","shape":[2],"data_offsets":[8,10]},"d":{"dtype":"F64","shape":[1],"data_offsets":[16,24]},"__metadata__":{}}"#,
            data: [0x00, 0x3C, 0xFF, 0x03, 0x80, 0x3F, 0x80, 0xFF, 0x80, 0x7F, 0, 0, 0, 0, 0, 0] + f64)
        // A whole-file read takes the floating-point tensors; integer ones by name or dtype filter.
        let floats = try SafetensorsFile.parse(bytes, name: "m.safetensors")
        XCTAssertEqual(floats.map(\.name), ["b", "d", "h"])
        let integers = try SafetensorsFile.parse(bytes, name: "m.safetensors", select: "*;dtype=I8")
        let loaded = Dictionary(uniqueKeysWithValues: (floats + integers).map { ($0.name, $0.tensor.values) })
        assertSameBits(try XCTUnwrap(loaded["h"]), [1, Float(0x3FF) * 0x1p-24])
        assertSameBits(try XCTUnwrap(loaded["b"]), [1, -.infinity])
        assertSameBits(try XCTUnwrap(loaded["i"]), [-128, 127])
        assertSameBits(try XCTUnwrap(loaded["d"]), [Float(0.1)])
    }

    func testGlobAndExactSelection() throws {
        let bytes = try SafetensorsFile.encode(tensors)
        XCTAssertEqual(try SafetensorsFile.parse(bytes, name: "m", select: "encoder.layer.*.weight").map(\.name),
                       ["encoder.layer.0.weight", "encoder.layer.1.weight"])
        XCTAssertEqual(try SafetensorsFile.parse(bytes, name: "m", select: "encoder.layer.?.bias").map(\.name), ["encoder.layer.0.bias"])
        XCTAssertEqual(try SafetensorsFile.parse(bytes, name: "m", select: "*").count, 4)
        XCTAssertEqual(try SafetensorsFile.parse(bytes, name: "m", select: "decoder.weight").map(\.name), ["decoder.weight"])
        XCTAssertTrue(NameMatching.glob("a*b*c", matches: "a.x.b.y.c"))
        XCTAssertFalse(NameMatching.glob("a*b?c", matches: "a.b.cc"))
        XCTAssertTrue(NameMatching.glob("", matches: ""))
        XCTAssertFalse(NameMatching.glob("?", matches: ""))
    }

    func testUnknownNameSuggestsClosest() throws {
        let bytes = try SafetensorsFile.encode(tensors)
        assertError(try SafetensorsFile.parse(bytes, name: "m.safetensors", select: "encoder.layer.0.weigth"),
                    contains: "m.safetensors", "'encoder.layer.0.weigth'", "closest: encoder.layer.0.weight, encoder.layer.1.weight")
        assertError(try SafetensorsFile.parse(bytes, name: "m.safetensors", select: "decoder.*.bias"), contains: "no tensor matches 'decoder.*.bias'", "closest")
    }

    func testValidationErrors() {
        let entry = { (name: String, dtype: String, shape: String, offsets: String) in
            "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
        }
        let data8 = [UInt8](repeating: 0, count: 8)
        // Header length larger than the file, and absurdly large.
        var huge = image("{}")
        huge.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(1000).littleEndian, Array.init))
        assertError(try SafetensorsFile.parse(huge, name: "big.safetensors"), contains: "big.safetensors", "header length 1000", "exceeds 2")
        huge.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        assertError(try SafetensorsFile.parse(huge, name: "big.safetensors"), contains: "header length 18446744073709551615")
        assertError(try SafetensorsFile.parse([1, 0, 0], name: "tiny.safetensors"), contains: "tiny.safetensors", "truncated")
        // JSON problems.
        assertError(try SafetensorsFile.parse(image("{\"a\":"), name: "j.safetensors"), contains: "j.safetensors", "bad safetensors JSON", "not valid")
        assertError(try SafetensorsFile.parse(image("[1,2]"), name: "j.safetensors"), contains: "not an object")
        assertError(try SafetensorsFile.parse(image(#"{"__metadata__":{"k":1}}"#), name: "j.safetensors"), contains: "__metadata__", "'k'")
        // Entry problems.
        assertError(try SafetensorsFile.parse(image(#"{"w":{"shape":[2],"data_offsets":[0,8]}}"#, data: data8), name: "e.safetensors"),
                    contains: "e.safetensors", "'w'", "dtype")
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "F32", "[2.5]", "[0,8]") + "}", data: data8), name: "e.safetensors"),
                    contains: "'w'", "shape")
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "F32", "[true]", "[0,8]") + "}", data: data8), name: "e.safetensors"),
                    contains: "'w'", "shape")
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "F32", "[2]", "[0]") + "}", data: data8), name: "e.safetensors"),
                    contains: "'w'", "data_offsets")
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "Q4", "[2]", "[0,8]") + "}", data: data8), name: "e.safetensors"),
                    contains: "'w'", "unknown dtype 'Q4'")
        // Offsets and sizes.
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "F32", "[4]", "[0,16]") + "}", data: data8), name: "o.safetensors"),
                    contains: "o.safetensors", "'w'", "[0, 16]", "8 bytes")
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "F32", "[0]", "[8,4]") + "}", data: data8), name: "o.safetensors"),
                    contains: "'w'", "[8, 4]")
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "F32", "[3]", "[0,8]") + "}", data: data8), name: "s.safetensors"),
                    contains: "s.safetensors", "'w'", "(3,)", "12", "8")
        assertError(try SafetensorsFile.parse(image("{" + entry("w", "BF16", "[2]", "[0,8]") + "}", data: data8), name: "s.safetensors"),
                    contains: "'w'", "needs 4")
        assertError(try SafetensorsFile.parse(image("{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F16", "[2]", "[2,6]") + "}", data: data8),
                                              name: "v.safetensors"), contains: "v.safetensors", "'a' and 'b'", "overlapping")
        // Known but unconvertible dtype: validated, rejected only when selected.
        let mixed = image("{" + entry("ids", "I64", "[1]", "[0,8]") + "," + entry("w", "F32", "[0]", "[8,8]") + "}", data: data8)
        XCTAssertEqual(try SafetensorsFile.parse(mixed, name: "x", select: "w").first?.tensor.shape, [0])
        assertError(try SafetensorsFile.parse(mixed, name: "x.safetensors", select: "ids"), contains: "x.safetensors", "'ids'", "I64", "F32")
    }
}
