import XCTest
@testable import Formats

final class DynamicFixedPointTests: XCTestCase {
    func testSharedExponentIsTheSmallestThatDoesNotClip() throws {
        let f = try FormatRegistry.tensorFormat("dfp:8")
        // amax 1000: 1000 / 127 = 7.87 -> E = 3, step 8; 1000 -> 125 * 8.
        XCTAssertEqual(try f.fakeQuantize([1000, 13, -4, 3.9], shape: [4]), [1000, 16, -0, 0])
        // amax exactly 127 * 2^-2: E = -2 exactly, nothing clips.
        XCTAssertEqual(try f.fakeQuantize([31.75, 0.3], shape: [2]), [31.75, 0.25])
        let g = try FormatRegistry.tensorFormat("dfp:16/g2")
        XCTAssertEqual(try g.fakeQuantize([1, 0.5, 100, 3], shape: [4]), [1, 0.5, 100, 3])
        XCTAssertEqual(g.bitsPerElement, 16 + 8.0 / 2)
        XCTAssertEqual(try FormatRegistry.tensorFormat("dfp:16").bitsPerElement, 16)
        XCTAssertThrowsError(try FormatRegistry.tensorFormat("dfp:17"))
        XCTAssertThrowsError(try FormatRegistry.tensorFormat("dfp:8/x3"))
    }

    func testLosesAtMostSixDecibelsAgainstARealScale() throws {
        var state: UInt64 = 1
        let x: [Float] = (0 ..< 4096).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Double(state >> 11) / 9007199254740992.0 - 0.5) * 37
        }
        func mse(_ spec: String) throws -> Double {
            let q = try FormatRegistry.tensorFormat(spec).fakeQuantize(x, shape: [4096])
            return zip(x, q).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        }
        let loss = 10 * log10(try mse("dfp:8") / mse("int:8:sym/tensor"))
        XCTAssertGreaterThanOrEqual(loss, 0)
        XCTAssertLessThanOrEqual(loss, 6.03)
    }
}
