import XCTest
@testable import Formats

final class ScaledFormatTests: XCTestCase {
    func fq(_ spec: String, _ x: [Float], shape: [Int]? = nil, mode: RoundingMode = .nearestEven) throws -> [Float] {
        try FormatRegistry.tensorFormat(spec).fakeQuantize(x, shape: shape ?? [x.count], mode: mode, seed: 1)
    }

    func testOCPFloorRuleClipsAndRCeilDoesNot() throws {
        // microxcaling issue 4: amax 957 with E4M3 elements: X = 2^(9 - 8) = 2, 957/2 = 478.5 saturates to 448.
        var x = [Float](repeating: 1, count: 32); x[0] = 957
        XCTAssertEqual(try fq("mxfp8_e4m3", x)[0], 896)
        XCTAssertEqual(try fq("mxfp8_e4m3(rule=rceil)", x)[0], 960)  // X = 4: 957/4 = 239.25 -> 240
    }

    func testMXFP4Values() throws {
        // amax 6 -> X = 2^(2-2) = 1: elements round to the E2M1 grid directly.
        let x: [Float] = [6, 5, 2.5, 0.25, -0.75, -3.2] + [Float](repeating: 0, count: 26)
        XCTAssertEqual(Array(try fq("mxfp4", x).prefix(6)), [6, 4, 2, 0, -1, -3])
        XCTAssertEqual(ScaledFormatSpec.named.count, 10)
        XCTAssertEqual(try FormatRegistry.tensorFormat("mxfp4").bitsPerElement, 4.25)
        XCTAssertEqual(try FormatRegistry.tensorFormat("nvfp4").bitsPerElement, 4.5)
        XCTAssertEqual(try FormatRegistry.tensorFormat("mxint8").bitsPerElement, 8.25)
    }

    func testMXINT8TwosComplementAndSymmetric() throws {
        var x = [Float](repeating: 0, count: 32); x[0] = 1; x[1] = -1.999
        // X = 2^(0 - 6): -1.999 * 64 = -127.94 -> -128 (two's complement) or -127 (sym).
        XCTAssertEqual(try fq("mxint8", x)[1], -2)
        XCTAssertEqual(try fq("mxint8(sym)", x)[1], -127.0 / 64)
    }

    func testZeroNaNAndPartialBlocks() throws {
        var x = [Float](repeating: 0, count: 40)
        x[33] = 3; x[34] = .nan; x[35] = 1
        let q = try fq("mxfp4", x, shape: [40])
        XCTAssertEqual(Array(q.prefix(32)), [Float](repeating: 0, count: 32))   // all-zero block
        XCTAssertTrue(q[32...].allSatisfy(\.isNaN))                              // partial block holding NaN
        let rows = try fq("mxfp4", [Float](repeating: 0.3, count: 40) + [Float](repeating: 7, count: 40), shape: [2, 40])
        // Partial block of row 0: amax 0.3 -> X = 2^(-2 - 2); 0.3 * 16 = 4.8 -> 4 -> 0.25. Row 1 is its own.
        XCTAssertEqual(rows[39], 0.25)
        XCTAssertEqual(rows[79], 6)
    }

    func testNVFP4TwoLevel() throws {
        // torchao recipe: t = amax / (448 * 6); b = E4M3(amax_block / 6 / t); q = E2M1(x / (b t)).
        let x: [Float] = (0 ..< 32).map { Float($0) - 10 }
        let t = Float(21) / Float(448 * 6)
        let b0 = try FormatRegistry.element("float8_e4m3fn").quantize((Float(10) / 6) / t, mode: .nearestEven, random: 0)
        let s0 = b0 * t
        let q = try fq("nvfp4", x)
        let e2m1 = try FormatRegistry.element("float4_e2m1fn:sat")
        XCTAssertEqual(q[0], e2m1.quantize(-10 / s0, mode: .nearestEven, random: 0) * s0)
        XCTAssertEqual(q[31], 21)  // the tensor amax maps to 448 * 6 exactly
    }

    func testCodesRoundTripIsExact() throws {
        var generator = SeededValues(seed: 5)
        let values = (0 ..< 4096).map { _ in generator.next() }
        for spec in ["mxfp4", "mxint8", "nvfp4", "nvint4", "mxfp6_e3m2", "int4/g64", "int8/ch0", "uint4/g32/asym", "bipolar:4/g32", "power:4:0.5/g16"] {
            let f = try XCTUnwrap(ScaledFormatSpec.parse(spec))
            let shape = [16, 256]
            let codes = try f.encode(values, shape: shape)
            let decoded = try f.decode(codes, shape: shape)
            let direct = try f.fakeQuantize(values, shape: shape)
            let bad = zip(decoded, direct).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
            XCTAssertEqual(bad.count, 0, "\(spec): first at \(bad.first.map { "\($0.offset): \($0.element.0) vs \($0.element.1), x = \(values[$0.offset])" } ?? "")")
        }
    }

    func testPerChannelAndPerTensor() throws {
        let x: [Float] = [1, 2, 3, 4, 10, 20, 30, 40]
        let perRow = try fq("int8/ch0", x, shape: [2, 4])
        XCTAssertEqual(perRow[3], 4); XCTAssertEqual(perRow[7], 40)
        let perColumn = try fq("int4/ch1", x, shape: [2, 4])
        XCTAssertEqual(perColumn[0], 1 * 10 / 7 * 1, accuracy: 1e-6 * 0 + 0.2)
        let tensor = try fq("int8/tensor", x, shape: [2, 4])
        XCTAssertEqual(tensor[7], 40)
    }

    /// Asymmetric statistics keep the first of equal values in element order, which matters only for
    /// the sign of a zero minimum: lo = +0 gives z = -0 (z = max(0, round(-lo / s))), lo = -0 gives +0.
    /// Every layout, on groups [+0, -0, 1, 2] and [-0, +0, 1, 2].
    func testAsymmetricZeroMinimumTakesTheFirstZerosSign() throws {
        let plusFirst: [Float] = [0, -0.0, 1, 2], minusFirst: [Float] = [-0.0, 0, 1, 2]
        for (spec, shape, transpose) in [("uint4/g4/asym", [1, 4], false), ("uint4/ch0/asym", [1, 4], false),
                                         ("uint4/tensor/asym", [1, 4], false), ("uint4/ch1/asym", [4, 1], true)] {
            let format = try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat)
            for (x, expected) in [(plusFirst, Float(-0.0).bitPattern), (minusFirst, Float(0).bitPattern)] {
                var out = [Float](repeating: 0, count: 4)
                let s = try x.withUnsafeBufferPointer { input in
                    try out.withUnsafeMutableBufferPointer { try format.quantize(input, shape: shape, into: $0, mode: .nearestEven, seed: 0) }
                }
                XCTAssertEqual(s.zeroPoints?[0].bitPattern, expected, "\(spec) \(x) transposed: \(transpose)")
            }
        }
    }

    func testBadScaledSpecsNameTheValue() {
        XCTAssertThrowsError(try fq("int4/g0", [1, 2])) { XCTAssertTrue("\($0)".contains("block size 0"), "\($0)") }
        XCTAssertThrowsError(try fq("int4/g64", [1, 2], shape: [2])) { XCTAssertTrue("\($0)".contains("larger than the last axis (2)"), "\($0)") }
        XCTAssertThrowsError(try fq("int4/ch3", [1, 2], shape: [2])) { XCTAssertTrue("\($0)".contains("channel axis 3"), "\($0)") }
        XCTAssertThrowsError(try fq("scaled(float4_e2m1fn, block=16, scale=float8_e4m3fn)", [Float](repeating: 1e5, count: 16))) {
            XCTAssertTrue("\($0)".contains("needs the scale 16666.666, above float8_e4m3fn"), "\($0)")
        }
        XCTAssertThrowsError(try FormatRegistry.tensorFormat("mxfp44")) { XCTAssertTrue("\($0)".contains("mxfp4"), "\($0)") }
        XCTAssertThrowsError(try FormatRegistry.tensorFormat("mxfp4(rule=round)")) { XCTAssertTrue("\($0)".contains("e8m0-round"), "\($0)") }
    }

    func testMSEClippingNeverWorseThanAbsmax() throws {
        var generator = SeededValues(seed: 11)
        let values = (0 ..< 2048).map { _ in generator.next() }
        func sse(_ q: [Float]) -> Double { zip(values, q).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } }
        let plain = try fq("int4/tensor", values, shape: [2048])
        let searched = try fq("scaled(int4, tensor, clip=mse)", values, shape: [2048])
        XCTAssertLessThan(sse(searched), sse(plain))
    }
}

/// Heavy-tailed deterministic test values (no platform RNG).
struct SeededValues {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Float {
        let r = StochasticBits.bits(seed: 77, index: Int(truncatingIfNeeded: state)); state &+= 1
        let u = Float(r >> 8) * 0x1p-24 - 0.5
        return u * u * u * 40 + u
    }
}
