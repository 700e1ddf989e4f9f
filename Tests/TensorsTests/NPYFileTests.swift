import Foundation
import XCTest
@testable import Tensors

final class NPYFileTests: XCTestCase {
    func testFloat32RoundTripThroughFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tensor = Tensor(shape: [2, 3], values: [1, -2.5, .infinity, .nan, -0.0, Float(bitPattern: 1)])
        let path = dir + "/t.npy"
        try NPYFile.write(tensor, to: path)
        let back = try NPYFile.read(path: path)
        XCTAssertEqual(back.shape, [2, 3])
        assertSameBits(back.values, tensor.values)
        XCTAssertEqual(back.nonFiniteCount, 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir)
        XCTAssertEqual(leftovers, ["t.npy"], "no temporary file may remain")
    }

    func testHeaderIsNumpyCanonicalAndAligned() {
        let bytes = NPYFile.encode(Tensor(shape: [3], values: [1, 2, 3]))
        XCTAssertEqual(Array(bytes[0..<8]), [0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual((10 + length) % 64, 0)
        let header = String(decoding: bytes[10..<(10 + length)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"))
        XCTAssertTrue(header.hasSuffix(" \n"))
        XCTAssertEqual(bytes.count, 10 + length + 12)
    }

    func testScalarAndEmptyShapes() throws {
        let scalar = try NPYFile.parse(NPYFile.encode(Tensor(shape: [], values: [7])), name: "s.npy")
        XCTAssertEqual(scalar, Tensor(shape: [], values: [7]))
        let empty = try NPYFile.parse(NPYFile.encode(Tensor(shape: [0, 4], values: [])), name: "e.npy")
        XCTAssertEqual(empty.shape, [0, 4])
    }

    func testEveryDTypeReadsIntoFloat() throws {
        func check<E, B: FixedWidthInteger>(_ descr: String, _ elements: [E], _ bits: (E) -> B, _ expected: [Float]) throws {
            let image = NPYFile.image(descr: descr, shape: [elements.count], elements: elements, bits: bits)
            assertSameBits(try NPYFile.parse(image, name: descr).values, expected)
        }
        try check("<f2", [0x3C00, 0xC000, 0x7C00, 0x0001, 0x7BFF, 0x8000] as [UInt16], { $0 }, [1, -2, .infinity, 0x1p-24, 65504, -0.0])
        try check("<f4", [1.5, -3] as [Float], { $0.bitPattern }, [1.5, -3])
        try check("<f8", [0.1, 1e300] as [Double], { $0.bitPattern }, [Float(0.1), .infinity])
        try check("|i1", [-128, 127] as [Int8], { $0 }, [-128, 127])
        try check("<i2", [-32768, 300] as [Int16], { $0 }, [-32768, 300])
        try check("<i4", [-7, 16_777_217] as [Int32], { $0 }, [-7, 16_777_216])
        try check("|u1", [0, 255] as [UInt8], { $0 }, [0, 255])
        try check("<u2", [65535] as [UInt16], { $0 }, [65535])
        try check("|b1", [0, 1, 5] as [UInt8], { $0 }, [0, 1, 1])
    }

    func testVersions2And3() throws {
        let v1 = NPYFile.encode(Tensor(shape: [2], values: [1, 2]))
        for major: UInt8 in [2, 3] {
            let t = try NPYFile.parse(TensorFileFuzzer.npyVersion(major, of: v1), name: "v.npy")
            XCTAssertEqual(t.values, [1, 2])
        }
    }

    func testCodeWriters() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try NPYFile.write(codes: [0, 7, 255, 1] as [UInt8], shape: [2, 2], to: dir + "/u1.npy")
        try NPYFile.write(codes: [0, 65535, 300] as [UInt16], shape: [3], to: dir + "/u2.npy")
        XCTAssertEqual(try NPYFile.read(path: dir + "/u1.npy"), Tensor(shape: [2, 2], values: [0, 7, 255, 1]))
        XCTAssertEqual(try NPYFile.read(path: dir + "/u2.npy"), Tensor(shape: [3], values: [0, 65535, 300]))
        let header = try String(contentsOfFile: dir + "/u2.npy", encoding: .isoLatin1)
        XCTAssertTrue(header.contains("'descr': '<u2'"))
        assertError(try NPYFile.write(codes: [1, 2, 3] as [UInt8], shape: [2, 2], to: dir + "/bad.npy"), contains: "bad.npy", "(2, 2)", "4", "3")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/bad.npy"))
    }

    /// A v1 image with the given header text (padded) and data bytes.
    private func image(header: String, data: [UInt8]) -> [UInt8] {
        var text = Array(header.utf8)
        text += [UInt8](repeating: 0x20, count: (64 - (10 + text.count + 1) % 64) % 64) + [0x0A]
        return NPYFile.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }

    func testStrictHeaderParserAcceptsNumpyVariants() throws {
        let data: [UInt8] = [0, 0, 128, 63, 0, 0, 0, 64]
        for header in [
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
            "{\"shape\": (2,), \"descr\": \"<f4\", \"fortran_order\": False}",
            "{'descr':'<f4','fortran_order':False,'shape':(2L,)}",
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2,)}",  // 1-D: Fortran and C order agree
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2)}",
        ] {
            XCTAssertEqual(try NPYFile.parse(image(header: header, data: data), name: "ok.npy").values, [1, 2], header)
        }
    }

    func testBadInputsNameTheFile() {
        let good = NPYFile.encode(Tensor(shape: [2, 2], values: [1, 2, 3, 4]))
        let f4 = { (shape: String) in "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }" }
        let data16 = [UInt8](repeating: 0, count: 16)
        assertError(try NPYFile.parse(Array("PK\u{3}\u{4}hello".utf8), name: "a.npy"), contains: "a.npy", "not a NPY file")
        assertError(try NPYFile.parse([0x93, 0x4E], name: "b.npy"), contains: "b.npy", "truncated NPY preamble")
        assertError(try NPYFile.parse(NPYFile.magic + [4, 0, 0, 0], name: "c.npy"), contains: "c.npy", "version 4.0")
        assertError(try NPYFile.parse(Array(good.prefix(40)), name: "d.npy"), contains: "d.npy", "truncated NPY header")
        assertError(try NPYFile.parse(Array(good.dropLast(1)), name: "e.npy"), contains: "e.npy", "truncated NPY data", "needs 144", "143")
        assertError(try NPYFile.parse(good + [0], name: "f.npy"), contains: "f.npy", "(2, 2)", "16", "17")
        assertError(try NPYFile.parse(image(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2)}", data: data16), name: "g.npy"),
                    contains: "g.npy", "Fortran")
        assertError(try NPYFile.parse(image(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2)}", data: data16), name: "h.npy"),
                    contains: "h.npy", "big-endian", ">f4")
        assertError(try NPYFile.parse(image(header: "{'descr': '<c8', 'fortran_order': False, 'shape': (2,)}", data: data16), name: "i.npy"),
                    contains: "i.npy", "'<c8'", "<f4")
        assertError(try NPYFile.parse(image(header: f4("(2)"), data: data16), name: "j.npy"), contains: "j.npy", "not a tuple")
        assertError(try NPYFile.parse(image(header: "{'descr': '<f4', 'shape': (4,)}", data: data16), name: "k.npy"),
                    contains: "k.npy", "missing key 'fortran_order'")
        assertError(try NPYFile.parse(image(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'x': 1}", data: data16), name: "l.npy"),
                    contains: "l.npy", "unexpected key 'x'")
        assertError(try NPYFile.parse(image(header: "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (4,)}", data: data16), name: "m.npy"),
                    contains: "m.npy", "repeated")
        assertError(try NPYFile.parse(image(header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4,)}", data: data16), name: "n.npy"),
                    contains: "n.npy", "structured")
        assertError(try NPYFile.parse(image(header: f4("(99999999999999999999,)"), data: data16), name: "o.npy"), contains: "o.npy", "too large")
        assertError(try NPYFile.parse(image(header: f4("(4294967296, 4294967296)"), data: data16), name: "p.npy"), contains: "p.npy", "too large")
        assertError(try NPYFile.parse(image(header: f4("(4,)") + " junk", data: data16), name: "q.npy"), contains: "q.npy", "after the closing brace")
        assertError(try NPYFile.parse(image(header: "{'descr': '<f4, 'fortran_order': False, 'shape': (4,)}", data: data16), name: "r.npy"),
                    contains: "r.npy", "bad NPY header")
        assertError(try NPYFile.read(path: "/nonexistent/dir/x.npy"), contains: "/nonexistent/dir/x.npy", "cannot open")
    }
}
