import Formats
@testable import Reference
import XCTest

/// Every spec the parser accepts agrees with the MPFR reference; what cannot be made to agree is
/// refused at parse time with its reason (issue 9 item 4).
final class AcceptedSpecTests: XCTestCase {
    func assertAgrees(_ spec: String, modes: [RoundingMode] = RoundingMode.allCases, file: StaticString = #filePath, line: UInt = #line) throws {
        let results = try VerificationPlan.run(spec: spec, modes: modes, exhaustive: false, random: 2000, seed: 5)
        for result in results { XCTAssertEqual(result.mismatches, 0, "\n\(result)", file: file, line: line) }
    }

    func assertRefused(_ spec: String, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try FormatRegistry.tensorFormat(spec), spec, file: file, line: line) { error in
            for word in words { XCTAssertTrue("\(error)".contains(word), "'\(word)' not in: \(error)", file: file, line: line) }
        }
    }

    /// A negative bias puts the smallest subnormal above 1: |x| 2^(M - emin) underflows float32 and
    /// toward-positive rounded tiny x to 0 (5,854 mismatches for fp:e4m3:b-100). Refused; the
    /// boundary (smallest subnormal exactly 1) agrees, tiny x included.
    func testMinifloatsWhoseSubnormalsExceedOne() throws {
        for spec in ["fp:e4m3:b-100", "fp:e2m1:b-3", "fp:e3m2:b-20:fn", "fp:e5m2:b-10:fnuz", "fp:e1m2:b-2:finite", "fp:e4m0:b0:finite"] {
            assertRefused(spec, mentions: [spec, "above 1"])
        }
        for spec in ["fp:e4m3:b-2", "fp:e2m1:b0", "fp:e3m2:b-1:fn", "fp:e4m0:b1:finite"] {
            try assertAgrees(spec)
        }
        let f = try FormatRegistry.element("fp:e4m3:b-2")
        XCTAssertEqual(f.quantize(.leastNonzeroMagnitude, mode: .towardPositive, random: 0), 1)
        XCTAssertEqual(f.quantize(-.leastNonzeroMagnitude, mode: .towardNegative, random: 0), -1)
        XCTAssertEqual(f.quantize(.leastNonzeroMagnitude, mode: .stochastic, random: 0), 1)
        XCTAssertEqual(f.quantize(.leastNonzeroMagnitude, mode: .nearestEven, random: 0), 0)
    }

    /// A block holding Inf or NaN has a NaN scale; a finite-only scale format has no code for it,
    /// so `--codes` would decode the block to zeros: refused. Scales with a NaN code round-trip.
    func testBlockScalesNeedANaNCode() throws {
        assertRefused("scaled(int8, block=4, scale=float6_e3m2fn)", mentions: ["float6_e3m2fn", "NaN"])
        assertRefused("scaled(int8, block=4, scale=fp:e4m3:finite)", mentions: ["NaN"])
        for spec in ["scaled(int8, block=4, scale=float8_e5m2)", "scaled(int8, block=4, scale=fp:e4m3:fnuz)", "nvfp4(levels=1)"] {
            let format = try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat)
            let x: [Float] = [1, .infinity, 2, 3, 0.5, .nan, 1, 1] + [Float](repeating: 0.25, count: 8)
            let codes = try format.encode(x, shape: [16])
            let decoded = try format.decode(codes, shape: [16])
            let fast = try format.fakeQuantize(x, shape: [16])
            XCTAssertTrue(decoded.prefix(8).allSatisfy(\.isNaN), "\(spec): \(decoded)")
            XCTAssertEqual(decoded.map(\.bitPattern).suffix(8), fast.map(\.bitPattern).suffix(8), spec)
        }
    }

    /// An exponent-only scale must be E8M0 itself (its rules are E8M0's); others were silently E8M0.
    func testExponentOnlyScalesOtherThanE8M0AreRefused() throws {
        assertRefused("scaled(int8, block=4, scale=fp:e5m0:e8m0)", mentions: ["fp:e5m0:e8m0", "E8M0"])
        let f = try XCTUnwrap(FormatRegistry.tensorFormat("scaled(int8, block=4, scale=float8_e8m0fnu)") as? ScaledFormat)
        XCTAssertEqual(f.scale, .powerOfTwo(.floor))
    }

    /// rceil's `ceil(log2 fl32(amax / elemMax))` for an element max below 1 and amax = FLT_MAX: the
    /// ratio overflows to +Inf, whose exponent clips to 127 (it wrapped to a tiny scale before).
    func testRCeilScaleOfAnOverflowingRatioClipsTo127() throws {
        let spec = "scaled(codebook:-0.5,0,0.5, block=4, scale=e8m0-rceil)"
        let format = try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat)
        let x: [Float] = [.greatestFiniteMagnitude, 1, -0x1p126, 0]
        let out = try format.fakeQuantize(x, shape: [4])
        XCTAssertEqual(out, [0x1p126, 0, -0x1p126, 0])
        let reference = try ScaledReference(format)
        XCTAssertEqual(try reference.fakeQuantize(x, shape: [4], mode: .nearestEven, seed: 0), out)
        XCTAssertEqual(try format.scales(x.withUnsafeBufferPointer { $0 }, layout: GroupLayout(format.granularity, shape: [4], count: 4, spec: spec)).scales, [0x1p127])
        try assertAgrees(spec)
        try assertAgrees("scaled(codebook:-0.25,0,0.125, block=8, scale=e8m0-rceil)")
    }

    /// A codebook's largest value (not its largest magnitude) is what a scale maps amax to, as for
    /// every other element format; one without a positive value cannot be scaled.
    func testAsymmetricCodebooksScaleToTheirLargestValue() throws {
        try assertAgrees("scaled(codebook:-4,-1,0,1,2, block=4)")
        try assertAgrees("codebook:-4,-1,0,1,2/g8/e8m0")
        XCTAssertEqual(try FormatRegistry.element("codebook:-4,-1,0,1,2").info.maxFinite, 2)
        assertRefused("scaled(codebook:-1,-0.5, block=4)", mentions: ["positive"])
        assertRefused("codebook:-2,0/g4", mentions: ["positive"])
    }

    /// With no mantissa bits, "ties to even" is the parity of the exponent field, which is float32's
    /// exponent parity only for an odd bias (96 lies halfway between 64 and 128 in E4M0 bias 8).
    func testMantissaFreeMinifloatsTieToTheEvenCode() throws {
        for spec in ["fp:e4m0:b8:finite", "fp:e4m0:b4:fnuz", "fp:e6m0:b30:fn", "fp:e3m0:b2:finite", "fp:e5m0:b15:finite"] {
            try assertAgrees(spec)
        }
        XCTAssertEqual(try FormatRegistry.element("fp:e4m0:b8:finite").quantize(96, mode: .nearestEven, random: 0), 64)
        XCTAssertEqual(try FormatRegistry.element("fp:e4m0:b7:finite").quantize(96, mode: .nearestEven, random: 0), 128)
    }

    /// The subnormal path scales by 2^(M - emin); where that exceeds float32 the format is refused.
    func testSubnormalScaleBeyondFloat32IsRefused() throws {
        for spec in ["fp:e5m9:b125", "fp:e1m9:b125:fnuz", "fp:e3m10:b119", "fp:e3m4:b125"] {
            assertRefused(spec, mentions: [spec, "2^"])
        }
        try assertAgrees("fp:e3m4:b124")  // 2^(M - emin) = 2^127
    }

    /// E8M0 has no zero scale: an all-zero block is stored with 2^-127 and decodes to its element
    /// codes times 2^-127, which is zero only for elements with +0; the others are refused.
    func testPowerOfTwoScalesNeedAnElementZero() throws {
        for spec in ["bipolar:4/g32/e8m0", "scaled(float8_e8m0fnu, block=8, scale=e8m0)", "codebook:1,2,3/g4/e8m0", "scaled(bipolar:3, scale=e8m0-ceil, channel=0)"] {
            assertRefused(spec, mentions: ["zero"])
        }
        try assertAgrees("codebook:-1,-0.0,0.5/g4/e8m0")
        try assertAgrees("bipolar:4/g32")
    }

    /// A second level needs the FP32 tensor scale t = amax / (scaleMax * elemMax) to exist for every
    /// finite amax: scaleMax * elemMax in [1, FLT_MAX].
    func testTwoLevelScalesMustFitFloat32() {
        assertRefused("scaled(bipolar:6, tensor_scale, channel=-1, scale=fp:e1m3:b55:fn)", mentions: ["tensor"])
        assertRefused("scaled(float16, block=32, scale=bfloat16, tensor_scale)", mentions: ["tensor"])
    }

    /// The check's own inputs: capping a tensor under a tiny scaleMax * elemMax must not overflow.
    func testScaledCheckOfATinyScaleFormat() throws {
        try assertAgrees("scaled(int8, block=4, scale=fp:e2m1:b60:fn)")
    }
}
