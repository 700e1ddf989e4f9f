import XCTest
@testable import Formats

/// `ScaledFormat.saturationLimits`: elementMax x the scale of each element's group.
final class ScaledFormatSaturationTests: XCTestCase {
    func scaled(_ spec: String) throws -> ScaledFormat {
        try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat)
    }

    func testMXFP8E4M3FloorRuleSaturatesTheAmax957Element() throws {
        // Scale 2^(9 - 8) = 2, so the block holds at most 448 * 2 = 896 < 957 (microxcaling issue 4).
        var x = [Float](repeating: 1, count: 64); x[0] = 957
        let limits = try scaled("mxfp8_e4m3").saturationLimits(x, shape: [2, 32])
        XCTAssertEqual(limits.count, 64)
        XCTAssertEqual(limits[0], 896)
        XCTAssertTrue(limits[0..<32].allSatisfy { $0 == 896 })
        XCTAssertTrue(limits[32...].allSatisfy { $0 == 1.75 })  // amax 1: scale 2^(0 - 8), limit 448 / 256
        XCTAssertGreaterThan(x[0], limits[0])
        // rceil picks scale 4: nothing saturates.
        let rceil = try scaled("mxfp8_e4m3(rule=rceil)").saturationLimits(x, shape: [2, 32])
        XCTAssertEqual(rceil[0], 1792)
    }

    func testNVFP4DoesNotSaturateAtTheTensorAmax() throws {
        var x = (0..<64).map { Float($0 % 13) / 7 - 0.9 }
        x[5] = 37.25
        let limits = try scaled("nvfp4").saturationLimits(x, shape: [4, 16])
        XCTAssertGreaterThanOrEqual(limits[5], 37.25)
        let q = try FormatRegistry.tensorFormat("nvfp4").fakeQuantize(x, shape: [4, 16])
        XCTAssertEqual(q[5], 37.25, accuracy: 37.25 * 1e-6)
    }

    func testZeroAndNaNGroupsHaveNoLimit() throws {
        var x = [Float](repeating: 0, count: 96)
        x[40] = .nan
        x[70] = 3
        let limits = try scaled("mxfp4").saturationLimits(x, shape: [96])
        XCTAssertTrue(limits[0..<64].allSatisfy { $0 == .infinity })
        XCTAssertEqual(limits[70], 6 * 0.5)  // amax 3: scale 2^(1 - 2)
    }

    func testPerChannelLimitsFollowTheChannelAxis() throws {
        let x: [Float] = [1, 100, 2, 200]
        let limits = try scaled("int8/ch1").saturationLimits(x, shape: [2, 2])
        // One FP32 scale per column (last axis): the amax itself is the limit.
        XCTAssertEqual(limits[0], 2, accuracy: 1e-5)
        XCTAssertEqual(limits[1], 200, accuracy: 1e-3)
        XCTAssertEqual(limits[2], limits[0])
        XCTAssertEqual(limits[3], limits[1])
    }
}
