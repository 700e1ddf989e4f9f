@testable import Formats
import Testing

/// The paths of the `cross` scale (`ScaledFormat+Cross`): the fused row pass of fake-quantize and
/// quantize (`ScaledKernel.runRows`) against the scales of `scales` followed by the element pass,
/// with Inf and NaN in some rows and columns, and the scale-overflow error against a brute-force
/// maximum over the elements.
@Suite struct CrossScalePathTests {
    static func format(_ spec: String) throws -> ScaledFormat { try #require(try ScaledFormatSpec.parse(spec)) }

    static func bits(_ x: [Float]) -> [UInt32] { x.map(\.bitPattern) }

    @Test(arguments: ["int8/cross(alpha=0.5)", "int4/cross(alpha=0.3)", "scaled(float4_e2m1fn, cross(alpha=0.7), scale=e8m0)",
                      "scaled(int4, cross(alpha=0.5), scale=float8_e4m3fn, tensor_scale)"])
    func fusedRowPassAgreesWithTheTwoPasses(spec: String) throws {
        let f = try Self.format(spec)
        for (rows, columns) in [(24, 40), (3, 5000), (1, 9000)] {
            var x = CrossScaleTests.matrix(rows: rows, columns: columns, seed: UInt64(rows))
            x[(rows / 2) * columns + 2] = .nan
            x[(rows - 1) * columns + columns / 2] = -.infinity
            let shape = [rows, columns]
            let layout = try GroupLayout(f.granularity, shape: shape, count: x.count, spec: spec)
            let twoPass = try x.withUnsafeBufferPointer { try f.scales($0, layout: layout) }
            for mode in [RoundingMode.nearestEven, .towardZero, .stochastic] {
                var expected = [Float](repeating: 0, count: x.count), fused = expected, kept = expected
                x.withUnsafeBufferPointer { input in expected.withUnsafeMutableBufferPointer { f.apply(twoPass, input, $0, mode: mode, seed: 11) } }
                try x.withUnsafeBufferPointer { input in
                    try fused.withUnsafeMutableBufferPointer { try f.fakeQuantize(input, shape: shape, into: $0, mode: mode, seed: 11) }
                }
                let s = try x.withUnsafeBufferPointer { input in
                    try kept.withUnsafeMutableBufferPointer { try f.quantize(input, shape: shape, into: $0, mode: mode, seed: 11) }
                }
                #expect(Self.bits(fused) == Self.bits(expected), "\(spec) \(shape) \(mode)")
                #expect(Self.bits(kept) == Self.bits(expected), "\(spec) \(shape) \(mode)")
                #expect(Self.bits(s.scales) == Self.bits(twoPass.scales) && Self.bits(s.storedScales) == Self.bits(twoPass.storedScales))
                #expect(s.tensorScale == twoPass.tensorScale)
            }
        }
    }

    /// A scale the scale format cannot hold: the error names the largest amax_ij (over elements whose
    /// row and column are finite), on every path, before any output is written.
    @Test func scaleOverflowNamesTheLargestAmax() throws {
        let spec = "scaled(int8, cross(alpha=0.5), scale=float8_e4m3fn)"
        let f = try Self.format(spec)
        let (rows, columns, alpha) = (6, 20, 0.5)
        var x = CrossScaleTests.matrix(rows: rows, columns: columns, seed: 3)
        x[2 * columns + 4] = 3e5; x[4 * columns + 9] = 9e5; x[1 * columns + 9] = 7e5
        x[5 * columns + 1] = 5e9; x[5 * columns + 2] = .nan  // row 5 holds NaN: its amax is not a scale
        var t = [Float](repeating: 0, count: rows), c = [Float](repeating: 0, count: columns)
        var rowBad = [Bool](repeating: false, count: rows), columnBad = [Bool](repeating: false, count: columns)
        for i in 0 ..< rows {
            for j in 0 ..< columns {
                let v = x[i * columns + j]
                if !v.isFinite { rowBad[i] = true; columnBad[j] = true; continue }
                t[i] = max(t[i], abs(v)); c[j] = max(c[j], abs(v))
            }
        }
        var largest: Float = 0
        for i in 0 ..< rows where !rowBad[i] {
            for j in 0 ..< columns where !columnBad[j] {
                let amax = Float(ScaledFormat.crossPower(Double(t[i]), alpha) * ScaledFormat.crossPower(Double(c[j]), 1 - alpha))
                if f.overflows(amax) { largest = max(largest, amax) }
            }
        }
        #expect(largest > 0)
        let expected = "\(f.scaleOverflow(amax: largest))"
        var out = [Float](repeating: 42, count: x.count)
        let layout = try GroupLayout(f.granularity, shape: [rows, columns], count: x.count, spec: spec)
        let calls: [() throws -> Void] = [
            { _ = try x.withUnsafeBufferPointer { try f.scales($0, layout: layout) } },
            { try x.withUnsafeBufferPointer { input in try out.withUnsafeMutableBufferPointer { try f.fakeQuantize(input, shape: [rows, columns], into: $0, mode: .nearestEven, seed: 0) } } },
            { _ = try x.withUnsafeBufferPointer { input in try out.withUnsafeMutableBufferPointer { try f.quantize(input, shape: [rows, columns], into: $0, mode: .nearestEven, seed: 0) } } },
        ]
        for call in calls {
            let error = #expect(throws: FormatError.self) { try call() }
            #expect(error.map { "\($0)" } == expected)
        }
        #expect(out.allSatisfy { $0 == 42 })
    }
}
