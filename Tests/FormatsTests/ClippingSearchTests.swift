import XCTest
@testable import Formats

/// The `clip=mse` search (`ScaledFormat+Clipping`, `ClippingSearchPass`) against a straightforward
/// reference kept here: for every ratio, the scales of the ordinary pass, the element pass into a
/// full output, and the squared error summed element by element in Double; the least error wins
/// (ties keep the larger ratio). The fast search sums in another fixed order, so its errors may
/// differ in the last bits; the chosen ratio and the scales must be the same.
final class ClippingSearchTests: XCTestCase {
    func reference(_ format: ScaledFormat, _ x: [Float], shape: [Int]) throws -> (ratio: Float, scales: ScaledFormat.Scales, errors: [Double]) {
        let layout = try GroupLayout(format.granularity, shape: shape, count: x.count, spec: format.name)
        var best: (ratio: Float, scales: ScaledFormat.Scales?, error: Double) = (1, nil, .infinity)
        var errors: [Double] = []
        for ratio in ScaledFormat.clippingGrid {
            let s = try x.withUnsafeBufferPointer { try format.scales($0, layout: layout, ratio: ratio) }
            var out = [Float](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { format.apply(s, input, $0, mode: .nearestEven, seed: 0) }
            }
            var total = 0.0
            for i in x.indices where x[i].isFinite {
                let d = Double(x[i]) - Double(out[i])
                total += d * d
            }
            errors.append(total)
            if best.scales == nil || total < best.error { best = (ratio, s, total) }
        }
        return (best.ratio, best.scales!, errors)
    }

    /// Normal-ish values with a few outliers, from a fixed seed.
    func data(count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        return (0 ..< count).map { _ in
            let u = (next() + next() + next() + next() - 2) * 1.7
            return next() < 0.01 ? u * 40 : u
        }
    }

    func bits(_ s: ScaledFormat.Scales) -> [[UInt32]] {
        [s.scales.map(\.bitPattern), s.storedScales.map(\.bitPattern), (s.zeroPoints ?? []).map(\.bitPattern), [s.tensorScale.bitPattern]]
    }

    func check(_ spec: String, shape: [Int], edit: (inout [Float]) -> Void = { _ in }, seed: UInt64 = 1,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let format = try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat, file: file, line: line)
        var x = data(count: shape.reduce(1, *), seed: seed)
        edit(&x)
        let layout = try GroupLayout(format.granularity, shape: shape, count: x.count, spec: spec)
        let fast = try x.withUnsafeBufferPointer { try format.mseSearch($0, layout: layout) }
        let errors = try x.withUnsafeBufferPointer { try format.clippingErrors($0, layout: layout) }
        let slow = try reference(format, x, shape: shape)
        XCTAssertEqual(fast.ratio, slow.ratio, "\(spec) \(shape)", file: file, line: line)
        XCTAssertEqual(bits(fast.scales), bits(slow.scales), "\(spec) \(shape)", file: file, line: line)
        for (a, b) in zip(errors, slow.errors) where !(a.isNaN && b.isNaN) {
            XCTAssertEqual(a, b, accuracy: Swift.max(abs(b), 1e-300) * 1e-12, "\(spec) \(shape)", file: file, line: line)
        }
    }

    let specs: [(String, [Int])] = [
        ("int4/g32/mse", [16, 96]), ("int4/g32/mse", [7, 50]), ("mxfp4(clip=mse)", [8, 64]), ("mxfp4(clip=mse)", [5, 40]),
        ("mxint8(clip=mse)", [4, 96]), ("scaled(int4, tensor, clip=mse)", [3000]), ("scaled(int4, tensor, clip=mse)", [2, 1500]),
        ("int8/ch0/mse", [12, 40]), ("int8/ch1/mse", [12, 40]), ("int4/ch1/mse", [4, 6, 10]), ("int4/ch0/mse", [3, 1100]),
        ("uint4/g64/asym/mse", [4, 128]), ("uint4/ch1/asym/mse", [30, 20]), ("uint8/g1/asym/mse", [300]),
        ("nvfp4(clip=mse)", [8, 64]), ("scaled(int4, block=16, scale=float8_e4m3fn, clip=mse)", [6, 48]),
        ("int8/cross(alpha=0.5)/mse", [24, 40]), ("int4/cross(alpha=0.3)/mse", [1, 2100]),
        ("scaled(codebook:-2,0,0.5, block=3, scale=e8m0, clip=mse)", [9, 12]), ("power:4:0.5/g32/mse", [4, 64]),
    ]

    func testTheSearchChoosesTheReferenceRatioAndScales() throws {
        for (spec, shape) in specs { for seed: UInt64 in 1 ... 3 { try check(spec, shape: shape, seed: seed) } }
    }

    func testNonFiniteInputs() throws {
        for (spec, shape) in specs {
            // One NaN and one Inf among finite values: every error is NaN, the search keeps ratio 1.
            try check(spec, shape: shape) { x in x[5] = .nan; x[x.count / 2] = -.infinity }
            // A first stretch of Inf and NaN only (whole groups for blocks): finite errors elsewhere.
            try check(spec, shape: shape) { x in for i in 0 ..< Swift.min(x.count, 96) { x[i] = i % 2 == 0 ? .infinity : .nan } }
        }
    }

    func testDegenerateTensors() throws {
        for (spec, shape) in specs {
            try check(spec, shape: shape) { x in for i in x.indices { x[i] = 0 } }
            try check(spec, shape: shape) { x in for i in x.indices { x[i] *= 1e-40 } }
            try check(spec, shape: shape) { x in for i in x.indices { x[i] = Float(i % 7) - 3 } }
        }
    }

    /// The errors do not depend on the thread count: spans and stretches are fixed (sizes beyond a
    /// span run on several cores); a tensor above one span gives the same errors twice.
    func testLargeTensorsSearchAsTheReference() throws {
        try check("mxfp4(clip=mse)", shape: [33, 2048])
        try check("int4/ch1/mse", shape: [33_000, 2])
        let format = try XCTUnwrap(FormatRegistry.tensorFormat("int4/g32/mse") as? ScaledFormat)
        let x = data(count: 200_000, seed: 9)
        let layout = try GroupLayout(format.granularity, shape: [200_000], count: x.count, spec: format.name)
        let a = try x.withUnsafeBufferPointer { try format.clippingErrors($0, layout: layout) }
        let b = try x.withUnsafeBufferPointer { try format.clippingErrors($0, layout: layout) }
        XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern))
    }

    func testAScaleOverflowGivesThePassError() throws {
        let spec = "scaled(int4, block=16, scale=float8_e4m3fn, clip=mse)"
        let format = try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat)
        var x = data(count: 64, seed: 3)
        x[20] = 1e6
        let layout = try GroupLayout(format.granularity, shape: [64], count: 64, spec: spec)
        var expected = ""
        XCTAssertThrowsError(try x.withUnsafeBufferPointer { try format.scales($0, layout: layout, ratio: 1) }) { expected = "\($0)" }
        XCTAssertThrowsError(try x.withUnsafeBufferPointer { try format.mseSearch($0, layout: layout) }) { XCTAssertEqual("\($0)", expected) }
    }
}
