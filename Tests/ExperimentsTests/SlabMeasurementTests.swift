import Foundation
import XCTest
@testable import Experiments
import Formats
import Metrics
import Tensors
import Transforms

/// Issue 9 (memory): a tensor quantized and measured slab by slab gives the report of the whole
/// tensor quantized at once, bit for bit, for every kind of scale and rounding mode.
final class SlabMeasurementTests: XCTestCase {
    static let formats = ["float8_e4m3fn", "int8", "nf4", "int8/tensor", "int8/ch0", "int8/ch1", "int8/ch-1", "int4/g16", "mxfp4",
                          "mxfp8_e4m3", "mxint8", "nvfp4", "nvint4", "mxfp4(clip=mse)", "uint4/g64/asym", "uint4/ch0/asym",
                          "power:4:0.5/g32", "bipolar:4/g32", "scaled(float8_e4m3fn, channel=1, scale=fp32, clip=0.9)"]

    /// Values with outliers, exact zeros and a zero row, seeded.
    static func data(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SplitMix64(seed: seed)
        let count = shape.reduce(1, *)
        // A sum of uniforms: roughly normal, enough for the test.
        var values = (0 ..< count).map { _ in Float((0 ..< 4).map { _ in Double(rng.next() >> 11) * 0x1p-53 - 0.5 }.reduce(0, +)) }
        for i in stride(from: 0, to: count, by: 37) { values[i] *= 40 }
        for i in stride(from: 5, to: count, by: 11) { values[i] = 0 }
        if shape[0] > 1 { for j in 0 ..< count / shape[0] { values[count / shape[0] + j] = 0 } }
        return Tensor(shape: shape, values: values)
    }

    func report(_ r: QuantizationErrorReport) throws -> String {
        String(decoding: try QuantizationErrorReport.makeJSONEncoder().encode(r), as: UTF8.self)
    }

    func testSlabsMeasureWhatTheWholeTensorMeasures() throws {
        let cases: [([Int], Int)] = [([9, 128], 256), ([3, 4, 64], 256), ([1, 128], 64), ([300, 512], 5000)]
        for (shape, slab) in cases {
            let x = Self.data(shape, seed: UInt64(shape.reduce(1, *)))
            // The large case crosses the 65,536-element chunks of the sums inside slabs: a few formats.
            let large = shape[0] == 300
            for spec in large ? ["int8", "nvfp4", "int8/ch0", "uint4/ch0/asym"] : Self.formats {
                let format = try FormatRegistry.tensorFormat(spec)
                if case let .block(k)? = (format as? ScaledFormat)?.granularity, k > shape.last! { continue }
                for mode in large ? [.nearestEven] : [RoundingMode.nearestEven, .stochastic, .towardZero] {
                    let (q, limit) = try CellRunner.quantize(format, x, mode: mode, seed: 7)
                    let whole = try QuantizationErrorReport(original: x, quantized: q, blockSize: 32, clipLimit: limit, concurrency: 2)
                    let slabs = try XCTUnwrap(CellRunner.measureInSlabs(format, x, mode: mode, seed: 7, blockSize: 32, concurrency: 2,
                                                                        slabElements: slab), "\(spec) \(shape)")
                    XCTAssertEqual(try report(slabs.original), try report(whole), "\(spec) \(shape) \(mode)")
                    XCTAssertNil(slabs.rotated)
                }
            }
        }
    }

    /// A Hadamard cell: the rotated tensor quantized slab by slab, each slab rotated back in place.
    func testRotatedSlabsMeasureWhatTheWholeRotatedTensorMeasures() throws {
        let original = Self.data([40, 3, 64], seed: 9)
        for rotation in [try HadamardRotation(blockSize: 32, signSeed: 4), try HadamardRotation(blockSize: nil, signSeed: nil)] {
            let x = try rotation.apply(original)
            for spec in ["int8", "mxfp4", "nvfp4", "int8/ch0", "uint4/g64/asym"] {
                let format = try FormatRegistry.tensorFormat(spec)
                let (q, limit) = try CellRunner.quantize(format, x, mode: .nearestEven, seed: 0)
                let rotated = try QuantizationErrorReport(original: x, quantized: q, blockSize: 16, clipLimit: limit)
                let back = try QuantizationErrorReport(original: original, quantized: try rotation.invert(q), blockSize: 16)
                let slabs = try XCTUnwrap(CellRunner.measureInSlabs(format, x, rotation: (rotation, original), mode: .nearestEven, seed: 0,
                                                                    blockSize: 16, concurrency: 2, slabElements: 1000))
                XCTAssertEqual(try report(slabs.original), try report(back), spec)
                XCTAssertEqual(try report(XCTUnwrap(slabs.rotated)), try report(rotated), spec)
            }
        }
    }

    /// A Hadamard cell of a slab-local format never holds the rotated tensor: each slab is rotated
    /// from the original twice (statistics, then quantization). The reports are those of the whole
    /// rotated tensor, bit for bit, also where slabs cut the 65,536-element chunks of the sums.
    func testStreamedRotationMeasuresWhatTheWholeRotatedTensorMeasures() throws {
        let cases: [([Int], Int, [RoundingMode])] = [([40, 3, 64], 1000, [.nearestEven, .stochastic, .towardZero]),
                                                     ([300, 512], 5000, [.nearestEven, .stochastic])]
        for (shape, slab, modes) in cases {
            let original = Self.data(shape, seed: 21)
            for rotation in [try HadamardRotation(blockSize: 32, signSeed: 4), try HadamardRotation(blockSize: nil, signSeed: 6)] {
                let x = try rotation.apply(original)
                for spec in ["int8", "float8_e4m3fn", "mxfp4", "int8/ch0", "uint4/g64/asym", "int4/g16", "power:4:0.5/g32", "nvfp4", "nvint4",
                             "scaled(int:4, block=16, scale=float8_e4m3fn, tensor_scale, clip=0.9)"] {
                    let format = try FormatRegistry.tensorFormat(spec)
                    XCTAssertTrue(SlabQuantizer.slabLocal(format, rank: shape.count, givenTensorAmax: true), spec)
                    for mode in modes {
                        let (q, limit) = try CellRunner.quantize(format, x, mode: mode, seed: 3)
                        let rotated = try QuantizationErrorReport(original: x, quantized: q, blockSize: 16, clipLimit: limit, concurrency: 2)
                        let back = try QuantizationErrorReport(original: original, quantized: try rotation.invert(q), blockSize: 16, concurrency: 2)
                        let streamed = try CellRunner.measureRotatedInSlabs(format, original, rotation: rotation, mode: mode, seed: 3,
                                                                            blockSize: 16, concurrency: 2, slabElements: slab)
                        XCTAssertEqual(try report(streamed.original), try report(back), "\(spec) \(shape) \(mode)")
                        XCTAssertEqual(try report(streamed.rotated), try report(rotated), "\(spec) \(shape) \(mode)")
                    }
                }
            }
        }
        // Formats with a scale from the whole tensor are not slab-local: they keep the rotated copy.
        // A second level is, when the caller gives the tensor amax (above: NVFP4, NVINT4).
        for spec in ["int8/tensor", "int8/ch1", "mxfp4(clip=mse)", "int8/cross(alpha=0.5)", "nvfp4(clip=mse)"] {
            XCTAssertFalse(SlabQuantizer.slabLocal(try FormatRegistry.tensorFormat(spec), rank: 2, givenTensorAmax: true), spec)
        }
        XCTAssertFalse(SlabQuantizer.slabLocal(try FormatRegistry.tensorFormat("nvfp4"), rank: 2), "nvfp4 without its tensor amax")
    }

    func testStreamedStatisticsEqualTheWholeTensors() throws {
        let x = Self.data([300, 700], seed: 5)
        let whole = x.values.withUnsafeBufferPointer { TensorStatistics($0, concurrency: 2) }
        let crest = x.values.withUnsafeBufferPointer { Measures.blockCrestFactors($0, rowLength: 700, blockSize: 32, concurrency: 2) }
        for rowsPerPiece in [1, 7, 93, 300] {
            var stream = try TensorStatistics.Stream(count: x.count, rowLength: 700, blockSize: 32, concurrency: 2)
            try x.values.withUnsafeBufferPointer { values in
                for _ in 0 ..< 2 {
                    for r0 in stride(from: 0, to: 300, by: rowsPerPiece) {
                        try stream.add(UnsafeBufferPointer(rebasing: values[r0 * 700 ..< min(r0 + rowsPerPiece, 300) * 700]))
                    }
                }
            }
            XCTAssertEqual(try stream.statistics(), whole, "\(rowsPerPiece) rows per piece")
            XCTAssertEqual(stream.blockCrest.map(\.bitPattern), crest.map(\.bitPattern))
        }
    }

    func testSlabQuantizerWritesTheWholePassValues() throws {
        let x = Self.data([6, 3, 32], seed: 3)
        for spec in Self.formats {
            let format = try FormatRegistry.tensorFormat(spec)
            if case let .block(k)? = (format as? ScaledFormat)?.granularity, k > 32 { continue }
            let whole = try format.fakeQuantize(x.values, shape: x.shape, mode: .stochastic, seed: 11)
            let slabs = try x.values.withUnsafeBufferPointer { input -> [Float] in
                let quantizer = try XCTUnwrap(SlabQuantizer(format, input: input, shape: x.shape, mode: .stochastic, seed: 11))
                var out = [Float](repeating: .nan, count: x.count)
                try out.withUnsafeMutableBufferPointer { out in
                    for r in [0 ..< 1, 1 ..< 4, 4 ..< 6] {
                        _ = try quantizer.quantize(input, rows: r, into: UnsafeMutableBufferPointer(rebasing: out[r.lowerBound * 96 ..< r.upperBound * 96]))
                    }
                }
                return out
            }
            XCTAssertEqual(slabs.map(\.bitPattern), whole.map(\.bitPattern), spec)
        }
    }

    func testOneAxisTensorsAndOtherFormatTypesRunWhole() throws {
        let x = [Float](repeating: 1, count: 64)
        try x.withUnsafeBufferPointer { input in
            XCTAssertNil(try SlabQuantizer(FormatRegistry.tensorFormat("mxfp4"), input: input, shape: [64], mode: .nearestEven, seed: 0))
            XCTAssertNil(try SlabQuantizer(FormatRegistry.tensorFormat("search(power:4:A, A=0.5..1.0/3)"), input: input, shape: [2, 32],
                                           mode: .nearestEven, seed: 0))
            XCTAssertNil(try SlabQuantizer(FormatRegistry.tensorFormat("int8/cross(alpha=0.5)"), input: input, shape: [2, 32],
                                           mode: .nearestEven, seed: 0))
        }
    }

    func testPiecesMustComeInOrderAndAddUp() throws {
        var measure = try QuantizationErrorReport.Accumulator(count: 8, rowLength: 4)
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]
        try x.withUnsafeBufferPointer { x in
            XCTAssertThrowsError(try measure.report(original: x))
            try measure.add(original: UnsafeBufferPointer(rebasing: x[0 ..< 4]), quantized: UnsafeBufferPointer(rebasing: x[0 ..< 4]))
            XCTAssertThrowsError(try measure.add(original: UnsafeBufferPointer(rebasing: x[0 ..< 2]), quantized: UnsafeBufferPointer(rebasing: x[0 ..< 2])))
            XCTAssertThrowsError(try measure.add(original: UnsafeBufferPointer(rebasing: x[4 ..< 8]), quantized: UnsafeBufferPointer(rebasing: x[4 ..< 8]),
                                                 clipLimit: .tensor(1)))
            try measure.add(original: UnsafeBufferPointer(rebasing: x[4 ..< 8]), quantized: UnsafeBufferPointer(rebasing: x[4 ..< 8]))
            XCTAssertThrowsError(try measure.add(original: UnsafeBufferPointer(rebasing: x[4 ..< 8]), quantized: UnsafeBufferPointer(rebasing: x[4 ..< 8])))
            XCTAssertEqual(try measure.report(original: x).mse, 0)
        }
    }
}
