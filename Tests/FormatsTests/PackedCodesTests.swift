import XCTest
@testable import Formats

final class PackedCodesTests: XCTestCase {
    func testFourBitCodesShareBytesLowNibbleFirst() {
        XCTAssertEqual(PackedCodes.pack([0x1, 0x2, 0xF], bits: 4), [0x21, 0x0F])
    }

    func testEveryWidthRoundTrips() {
        for bits in 1 ... 16 {
            let codes = (0 ..< 1000).map { UInt32(truncatingIfNeeded: ($0 * 2_654_435_761) >> 7) & ((1 << bits) - 1) }
            let packed = PackedCodes.pack(codes, bits: bits)
            XCTAssertEqual(packed.count, (1000 * bits + 7) / 8)
            XCTAssertEqual(PackedCodes.unpack(packed, bits: bits, count: 1000), codes, "\(bits) bits")
        }
        XCTAssertNil(PackedCodes.unpack([0], bits: 6, count: 2))
    }

    func testSixBitFormatCodesPackAndDecode() throws {
        let f = try FormatRegistry.element("float6_e2m3fn")
        let x: [Float] = [0.3, -7.5, 2.25, 1e9, -0.0]
        let codes = f.encode(x)
        let back = PackedCodes.unpack(PackedCodes.pack(codes, bits: 6), bits: 6, count: codes.count)!.map(f.decode)
        XCTAssertEqual(back, f.quantize(x))
    }
}
