import XCTest
@testable import Formats

/// Saturation bounds (`ScaledFormat+Saturation`): T * s per group, T = M + h, read from the scales
/// the quantize pass returned.
final class ScaledFormatSaturationTests: XCTestCase {
    func scaled(_ spec: String) throws -> ScaledFormat {
        try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat)
    }

    /// One quantize pass: the values and the per-group bounds from the scales it returned.
    func pass(_ spec: String, _ x: [Float], shape: [Int]) throws -> (values: [Float], lower: [Float], upper: [Float], scales: ScaledFormat.Scales) {
        let format = try scaled(spec)
        var out = [Float](repeating: 0, count: x.count)
        let s = try x.withUnsafeBufferPointer { input in
            try out.withUnsafeMutableBufferPointer { try format.quantize(input, shape: shape, into: $0, mode: .nearestEven, seed: 0) }
        }
        let (lower, upper) = format.saturationBounds(s)
        return (out, lower, upper, s)
    }

    func testThresholdIsTheLargestValuePlusHalfTheLastGap() throws {
        XCTAssertEqual(try FormatRegistry.element("int8").saturationThreshold, 127.5)
        XCTAssertEqual(try FormatRegistry.element("float8_e4m3fn").saturationThreshold, 464)   // 448 + (448 - 416) / 2
        XCTAssertEqual(try FormatRegistry.element("float4_e2m1fn").saturationThreshold, 7)     // 6 + (6 - 4) / 2
        XCTAssertEqual(try FormatRegistry.element("bipolar:4").saturationThreshold, 16)        // 15 + (15 - 13) / 2
        XCTAssertEqual(try FormatRegistry.element("codebook:-1,0,0.5,2").saturationThreshold, 2.75)
    }

    func testAnElementAtTheMaxAfterAnAbsmaxScaleIsNotSaturated() throws {
        // amax / fl32(amax / 127) rounds to 127 + 1 ulp here: the old limit 127 * s lay below the
        // amax and counted it as saturated (issue 9, item 22).
        let amax: Float = 1.990972638130188
        let s = amax / 127
        XCTAssertLessThan(127 * s, amax, "the float32 artefact this test is about")
        let p = try pass("int8/tensor", [amax, 0.5, -1], shape: [3])
        XCTAssertEqual(p.values[0], 127 * s)
        XCTAssertEqual(p.upper, [127.5 * s])
        XCTAssertGreaterThan(p.upper[0], amax)
        XCTAssertEqual(p.lower, [-127.5 * s])
    }

    func testMXFP8E4M3FloorRuleSaturatesTheAmax957Element() throws {
        // Scale 2^(9 - 8) = 2, so the block holds at most 448 * 2 = 896 < 957 (microxcaling issue 4);
        // the format rounds to 896 everything up to T * 2 = 928.
        var x = [Float](repeating: 1, count: 64); x[0] = 957
        let p = try pass("mxfp8_e4m3", x, shape: [2, 32])
        XCTAssertEqual(p.scales.scales, [2, 1.0 / 256])
        XCTAssertEqual(p.upper, [928, 464.0 / 256])
        XCTAssertEqual(p.values[0], 896)
        XCTAssertGreaterThan(x[0], p.upper[0])
        // rceil picks scale 4: nothing saturates.
        XCTAssertEqual(try pass("mxfp8_e4m3(rule=rceil)", x, shape: [2, 32]).upper[0], 1856)
    }

    func testTheFusedAndTheTwoPassPathsReturnTheSameScales() throws {
        let x = (0 ..< 256).map { Float(($0 * 37) % 101) / 9 - 5 }
        for spec in ["mxfp4", "nvfp4", "int4/g32", "mxint8"] {
            let format = try scaled(spec)
            let fused = try pass(spec, x, shape: [4, 64]).scales
            let layout = try GroupLayout(format.granularity, shape: [4, 64], count: 256, spec: spec)
            let twoPass = try x.withUnsafeBufferPointer { try format.scales($0, layout: layout) }
            XCTAssertEqual(fused, twoPass, spec)
        }
    }

    func testMSEClippingReturnsTheScalesOfTheChosenRatio() throws {
        var x = (0 ..< 64).map { Float($0 % 9) - 4 }
        x[3] = 60
        let p = try pass("mxfp4(clip=mse)", x, shape: [64])
        let format = try scaled("mxfp4(clip=mse)")
        let layout = try GroupLayout(format.granularity, shape: [64], count: 64, spec: format.name)
        let search = try x.withUnsafeBufferPointer { try format.mseSearch($0, layout: layout) }
        XCTAssertEqual(p.scales, search.scales)
        XCTAssertEqual(p.values, try format.fakeQuantize(x, shape: [64]))
    }

    func testNVFP4DoesNotSaturateAtTheTensorAmax() throws {
        var x = (0..<64).map { Float($0 % 13) / 7 - 0.9 }
        x[5] = 37.25
        let p = try pass("nvfp4", x, shape: [4, 16])
        XCTAssertGreaterThanOrEqual(p.upper[0], 37.25)
        XCTAssertEqual(p.values[5], 37.25, accuracy: 37.25 * 1e-6)
    }

    func testZeroAndNaNGroupsHaveNoBound() throws {
        var x = [Float](repeating: 0, count: 96)
        x[40] = .nan
        x[70] = 3
        let p = try pass("mxfp4", x, shape: [96])
        XCTAssertEqual(p.upper[0 ..< 2], [.infinity, .infinity])
        XCTAssertEqual(p.lower[0 ..< 2], [-.infinity, -.infinity])
        XCTAssertEqual(p.upper[2], 7 * 0.5)  // amax 3: scale 2^(1 - 2)
    }

    func testPerChannelBoundsFollowTheChannelAxis() throws {
        let x: [Float] = [1, 100, 2, 200]
        let p = try pass("int8/ch1", x, shape: [2, 2])
        // One FP32 scale per column (last axis): the amax plus half a step.
        XCTAssertEqual(p.upper[0], 2 * 127.5 / 127, accuracy: 1e-5)
        XCTAssertEqual(p.upper[1], 200 * 127.5 / 127, accuracy: 1e-3)
        XCTAssertEqual(p.scales.layout.perElement(p.upper), [p.upper[0], p.upper[1], p.upper[0], p.upper[1]])
    }

    func testAsymmetricBoundsAreOneRangePerGroup() throws {
        // Group [-1, 14]: s = 15 / 15 = 1, z = 1; the grid covers [-1, 14] and half a step beyond.
        let x: [Float] = (0 ..< 16).map { Float($0) - 1 }
        let p = try pass("uint4/g16/asym", x, shape: [16])
        XCTAssertEqual(p.scales.zeroPoints, [1])
        XCTAssertEqual(p.lower, [-1.5])
        XCTAssertEqual(p.upper, [14.5])
    }
}
