import XCTest
@testable import Formats

/// The block pass's three forms (scales found in the pass; given by a first pass of the two-level
/// formats as block magnitudes; given as scales, the element phase of `apply`) against a scalar
/// reference: each element `q(x / s) * s` with its group's scale, `SpecialScale` for NaN and zero
/// scales. Shapes whose rows the blocks tile (the compile-time widths 16 and 32) and shapes with a
/// partial block at each row's end; Inf, NaN, -0, zeros blocks and large values.
final class BlockPassTests: XCTestCase {
    static let specs = ["nvfp4", "nvint4", "mxfp4", "mxfp4(block=16)", "mxint8", "int4/g32", "int8/g16",
                        "scaled(int:4, block=7, scale=float8_e4m3fn, tensor_scale)",
                        "scaled(float4_e2m1fn:sat, block=32, scale=float8_e4m3fn, tensor_scale)",
                        "uint4/g32/asym", "uint8/g16/asym", "scaled(uint:4, block=7, asym)", "uint8/ch0/asym", "scaled(uint:3, block=16, asym, clip=0.9)"]
    static let shapes: [[Int]] = [[8, 64], [4, 96], [5, 40], [3, 33], [2, 16], [6, 7]]

    /// Deterministic data over several decades, with the special values placed by `salt`.
    func data(_ count: Int, salt: Int) -> [Float] {
        var x = (0 ..< count).map { i -> Float in
            let k = (i &* 2654435761 &+ salt &* 97) % 1000
            return (Float(k) / 500 - 1) * Float(1 << ((i / 16 + salt) % 9))
        }
        if count > 40 {
            x[salt % count] = .infinity
            x[(salt * 7 + 13) % count] = .nan
            x[(salt * 11 + 5) % count] = -0.0
            for i in 16 ..< 32 where i < count { x[i] = 0 }  // an all-zero block (for widths up to 16)
            x[count - 1] = 3.0e5
        }
        if count > 100 {
            // A block of non-negative values whose least value is a zero, -0 first.
            for i in 64 ..< 96 { x[i] = abs(x[i]) }
            x[66] = -0.0
            x[70] = 0
        }
        return x
    }

    /// The scalar reference with the scales of `passScales` (group statistics, then the scale rule).
    func reference(_ format: ScaledFormat, _ x: [Float], shape: [Int]) throws -> [Float] {
        let layout = try GroupLayout(format.granularity, shape: shape, count: x.count, spec: format.name)
        let s = try x.withUnsafeBufferPointer { try format.passScales($0, layout: layout) }
        let last = shape.last!
        let size = try blockSize(format, shape: shape)
        let perRow = (last + size - 1) / size
        return x.indices.map { i in
            let g = (i / last) * perRow + (i % last) / size, scale = s.scales[g]
            if let v = SpecialScale.value(scale) { return v }
            guard let zeros = s.zeroPoints else { return format.element.quantize(x[i] / scale, mode: .nearestEven, random: 0) * scale }
            return (format.element.quantize(x[i] / scale + zeros[g], mode: .nearestEven, random: 0) - zeros[g]) * scale
        }
    }

    /// The block size, with a channel on axis 0 of a matrix as a block of one row.
    func blockSize(_ format: ScaledFormat, shape: [Int]) throws -> Int {
        switch format.granularity {
        case let .block(size): return size
        case .channel(axis: 0) where shape.count == 2: return shape[1]
        default: throw XCTSkip("blocks only")
        }
    }

    func assertBitEqual(_ a: [Float], _ b: [Float], _ label: String) {
        XCTAssertEqual(a.count, b.count, label)
        for i in a.indices where a[i].bitPattern != b[i].bitPattern && !(a[i].isNaN && b[i].isNaN) {
            XCTFail("\(label): element \(i) is \(a[i]), the reference \(b[i])")
            return
        }
    }

    func testFusedPassMatchesTheScalarReference() throws {
        for spec in Self.specs {
            let format = try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? ScaledFormat)
            for (n, shape) in Self.shapes.enumerated() {
                guard let size = try? blockSize(format, shape: shape), size <= shape.last! else { continue }
                let x = data(shape.reduce(1, *), salt: n)
                let expected = try reference(format, x, shape: shape)
                assertBitEqual(try format.fakeQuantize(x, shape: shape), expected, "\(spec) \(shape) fused")
                // `quantize` keeps the scales; the element phase with those scales given (`apply`).
                var out = [Float](repeating: 0, count: x.count)
                let s = try x.withUnsafeBufferPointer { input in
                    try out.withUnsafeMutableBufferPointer { try format.quantize(input, shape: shape, into: $0, mode: .nearestEven, seed: 0) }
                }
                assertBitEqual(out, expected, "\(spec) \(shape) quantize")
                // The scales it returns are those of the two passes.
                let layout = try GroupLayout(format.granularity, shape: shape, count: x.count, spec: spec)
                let twoPass = try x.withUnsafeBufferPointer { try format.passScales($0, layout: layout) }
                assertBitEqual(s.scales, twoPass.scales, "\(spec) \(shape) scales")
                assertBitEqual(s.storedScales, twoPass.storedScales, "\(spec) \(shape) stored scales")
                assertBitEqual(s.zeroPoints ?? [], twoPass.zeroPoints ?? [], "\(spec) \(shape) zero points")
                XCTAssertEqual(s.tensorScale.bitPattern, twoPass.tensorScale.bitPattern, "\(spec) \(shape) tensor scale")
                var applied = [Float](repeating: 0, count: x.count)
                x.withUnsafeBufferPointer { input in
                    applied.withUnsafeMutableBufferPointer { format.apply(s, input, $0, mode: .nearestEven, seed: 0) }
                }
                assertBitEqual(applied, expected, "\(spec) \(shape) apply")
            }
        }
    }

    func testBlockMagnitudesAreEachBlocksMaximumAndTheFiniteAmax() throws {
        for (n, shape) in Self.shapes.enumerated() {
            let x = data(shape.reduce(1, *), salt: n + 3)
            let rowLength = shape.last!
            for size in [1, 7, 16, 32] where size <= rowLength {
                let perRow = (rowLength + size - 1) / size
                let groups = x.count / rowLength * perRow
                var found = [UInt32](repeating: 7, count: groups)
                let amax = x.withUnsafeBufferPointer { src in
                    found.withUnsafeMutableBufferPointer {
                        GroupStatistics.blockMagnitudes(src.baseAddress!, count: x.count, rowLength: rowLength, size: size, into: $0.baseAddress!)
                    }
                }
                let finite = x.filter(\.isFinite).map { abs($0) }.max() ?? 0
                XCTAssertEqual(amax.bitPattern, finite.bitPattern, "\(shape) size \(size)")
                for g in 0 ..< groups {
                    let a = (g / perRow) * rowLength + (g % perRow) * size, b = min((g / perRow) * rowLength + rowLength, a + size)
                    let expected = x[a ..< b].map { $0.bitPattern & 0x7FFF_FFFF }.max()!
                    XCTAssertEqual(found[g], expected, "\(shape) size \(size) block \(g)")
                }
            }
        }
    }

    /// Magnitudes compare as |x| (sign bits cleared before the maximum): a block whose largest
    /// raw bit pattern is a negative number still finds its largest magnitude.
    func testBlockMaximaIgnoreTheSign() throws {
        var x = [Float](repeating: -1, count: 64)
        x[3] = 2
        x[40] = -0.5
        x[41] = 0.75
        let q = try FormatRegistry.tensorFormat("mxfp4").fakeQuantize(x, shape: [2, 32])
        XCTAssertEqual(q[3], 2)
        XCTAssertEqual(q[0], -1)
    }
}
