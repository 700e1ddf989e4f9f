import XCTest
import Tensors
@testable import Metrics

final class QuantizationErrorReportTests: XCTestCase {
    func testHandComputedErrors() throws {
        let r = try QuantizationErrorReport(original: [1, 2, 3, 4], quantized: [1, 2, 2, 4], rowLength: 4)
        XCTAssertEqual(r.count, 4)
        XCTAssertEqual(r.mse, 0.25)
        XCTAssertEqual(r.rmse, 0.5)
        XCTAssertEqual(r.qsnrDB, 10 * log10(30.0), accuracy: 1e-12)
        XCTAssertEqual(r.maxAbsError, 1)
        XCTAssertEqual(r.meanRelativeError, (1.0 / 3) / 4, accuracy: 1e-15)
        XCTAssertEqual(r.cosineSimilarity, 27 / (30.0 * 25).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(r.kernelCount, 0)
        XCTAssertEqual(r.kernelShare, 0)
        XCTAssertNil(r.saturatedCount)
        XCTAssertNil(r.saturatedShare)
        XCTAssertNil(r.blockCrestFactor)
        XCTAssertEqual(r.original.mean, 2.5)
    }

    func testRelativeErrorSkipsZerosAndQSNRIsInfiniteWithoutError() throws {
        let r = try QuantizationErrorReport(original: [0, 2, -4, 0], quantized: [0, 1, -4, 0], rowLength: 2)
        XCTAssertEqual(r.meanRelativeError, 0.25)  // (1/2 + 0) / 2 nonzero elements
        let exact = try QuantizationErrorReport(original: [0, 2, -4, 0], quantized: [0, 2, -4, 0], rowLength: 2)
        XCTAssertEqual(exact.qsnrDB, .infinity)
        XCTAssertEqual(exact.mse, 0)
        XCTAssertEqual(exact.cosineSimilarity, 1)
        let zero = try QuantizationErrorReport(original: [0, 0], quantized: [0, 0], rowLength: 2)
        XCTAssertTrue(zero.meanRelativeError.isNaN)
        XCTAssertTrue(zero.kernelShare.isNaN)
        XCTAssertNil(zero.rowKernelShare)
    }

    func testKernelSharePerRowAndColumn() throws {
        let x: [Float] = [1, 0, 2,
                          3, 4, 5]
        let q: [Float] = [0, 0, 2,
                          0, 4, 0]
        let k = try x.withUnsafeBufferPointer { x in
            try q.withUnsafeBufferPointer { q in try KernelShare(original: x, quantized: q, rowLength: 3) }
        }
        XCTAssertEqual(k.kernelCount, 3)
        XCTAssertEqual(k.nonzeroCount, 5)
        XCTAssertEqual(k.share, 0.6)
        XCTAssertEqual(k.rowKernelCounts, [1, 2])
        XCTAssertEqual(k.rowNonzeroCounts, [2, 3])
        XCTAssertEqual(k.rowShares, [0.5, 2.0 / 3])
        XCTAssertEqual(k.columnKernelCounts, [2, 0, 1])
        XCTAssertEqual(k.columnNonzeroCounts, [2, 1, 2])
        XCTAssertEqual(k.columnShares, [1, 0, 0.5])

        let r = try QuantizationErrorReport(original: Tensor(shape: [2, 3], values: x), quantized: Tensor(shape: [2, 3], values: q))
        XCTAssertEqual(r.kernelShare, 0.6)
        XCTAssertEqual(r.rowKernelShare?.mean ?? 0, 7.0 / 12, accuracy: 1e-15)
        XCTAssertEqual(r.rowKernelShare?.max, 2.0 / 3)
        XCTAssertEqual(r.columnKernelShare?.mean ?? 0, 0.5, accuracy: 1e-15)
        XCTAssertEqual(r.columnKernelShare?.max, 1)
        XCTAssertEqual(r.columnKernelShare?.min, 0)
    }

    func testKernelShareLeavesOutEmptyColumns() throws {
        let r = try QuantizationErrorReport(original: [0, 1, 0, 2], quantized: [0, 0, 0, 2], rowLength: 2)
        XCTAssertEqual(r.columnKernelShare?.count, 1)  // column 0 is all zero: no share
        XCTAssertEqual(r.columnKernelShare?.mean, 0.5)
        XCTAssertEqual(r.rowKernelShare?.count, 2)
    }

    func testSaturation() throws {
        let x: [Float] = [1, -5, 3, 0.5]
        let tensor = try QuantizationErrorReport(original: x, quantized: x, rowLength: 4, clipLimit: .tensor(2))
        XCTAssertEqual(tensor.saturatedCount, 2)
        XCTAssertEqual(tensor.saturatedShare, 0.5)
        let blocks = try QuantizationErrorReport(original: x, quantized: x, rowLength: 4,
                                                 clipLimit: .perBlock(size: 2, limits: [5, 2.5]))
        XCTAssertEqual(blocks.saturatedCount, 1)  // -5 is not above 5; 3 is above 2.5
        let rows = try QuantizationErrorReport(original: x, quantized: x, rowLength: 2,
                                               clipLimit: .perBlock(size: 2, limits: [0.5, 3]))
        XCTAssertEqual(rows.saturatedCount, 2)
        let elements = try QuantizationErrorReport(original: x, quantized: x, rowLength: 4,
                                                   clipLimit: .perElement([0, 5, 5, 0]))
        XCTAssertEqual(elements.saturatedCount, 2)
    }

    func testBlockCrestSummary() throws {
        let x: [Float] = [1, 1, 1, 1, 4, 0, 0, 0, 0, 0, 0, 0]  // crest 1, 2, and an all-zero block
        let r = try QuantizationErrorReport(original: x, quantized: x, rowLength: 12, blockSize: 4)
        let crest = try XCTUnwrap(r.blockCrestFactor)
        XCTAssertEqual(crest.count, 2)
        XCTAssertEqual(crest.mean, 1.5)
        XCTAssertEqual(crest.median, 1.5)
        XCTAssertEqual(crest.max, 2)
        XCTAssertEqual(crest.p10, 1.1, accuracy: 1e-15)
        XCTAssertEqual(crest.p90, 1.9, accuracy: 1e-15)
    }

    func testJSONRoundTripKeepsInfinity() throws {
        let r = try QuantizationErrorReport(original: [1, 2, 3, 4], quantized: [1, 2, 3, 4], rowLength: 2, blockSize: 2)
        let data = try QuantizationErrorReport.makeJSONEncoder().encode(r)
        let back = try QuantizationErrorReport.makeJSONDecoder().decode(QuantizationErrorReport.self, from: data)
        XCTAssertEqual(back, r)
        XCTAssertEqual(back.qsnrDB, .infinity)
    }

    func testErrors() {
        XCTAssertThrowsError(try QuantizationErrorReport(original: [1, 2, 3], quantized: [1, 2], rowLength: 1)) {
            XCTAssertEqual("\($0)", "original has 3 elements but quantized has 2")
        }
        XCTAssertThrowsError(try QuantizationErrorReport(original: [1, 2, 3], quantized: [1, 2, 3], rowLength: 2)) {
            XCTAssertEqual($0 as? MetricsError, .rowLengthInvalid(rowLength: 2, count: 3))
        }
        XCTAssertThrowsError(try QuantizationErrorReport(original: [1, 2], quantized: [1, 2], rowLength: 0)) {
            XCTAssertEqual($0 as? MetricsError, .rowLengthInvalid(rowLength: 0, count: 2))
        }
        XCTAssertThrowsError(try QuantizationErrorReport(original: [1, 2], quantized: [1, 2], rowLength: 2, blockSize: 0)) {
            XCTAssertEqual("\($0)", "block size 0 must be positive")
        }
        XCTAssertThrowsError(try QuantizationErrorReport(original: [1, 2, 3, 4], quantized: [1, 2, 3, 4], rowLength: 4,
                                                         clipLimit: .perBlock(size: 2, limits: [1]))) {
            XCTAssertEqual("\($0)", "clip limit has 1 values, expected 2")
        }
        XCTAssertThrowsError(try QuantizationErrorReport(original: Tensor(shape: [2, 2], values: [1, 2, 3, 4]),
                                                         quantized: Tensor(shape: [4], values: [1, 2, 3, 4]))) {
            XCTAssertEqual($0 as? MetricsError, .shapeMismatch(original: [2, 2], quantized: [4]))
        }
    }
}

/// The per-line kernel summaries come from distinct values and multiplicities, not from arrays of
/// shares: the same bits as summarizing the shares directly, for any shape.
final class LineCountsTests: XCTestCase {
    func testSummaryEqualsTheDirectSummaryBitForBit() throws {
        var rng = Seeded(SplitMix64(seed: 9))
        for shape in [(1, 4096), (4096, 1), (7, 300), (300, 7), (64, 64), (3, 70_000)] {
            let (rows, n) = shape
            let x = (0 ..< rows * n).map { _ in Float(Int.random(in: -3 ... 3, using: &rng)) }
            let q = x.map { abs($0) < 2 && Bool.random(using: &rng) ? 0 : $0 }
            let k = try x.withUnsafeBufferPointer { x in
                try q.withUnsafeBufferPointer { q in try KernelShare(original: x, quantized: q, rowLength: n, concurrency: 2) }
            }
            for (lines, name) in [(k.rows, "rows"), (k.columns, "columns")] {
                let direct = SummaryStatistics(lines.shares)
                let summary = lines.summary
                XCTAssertEqual(direct, summary, "\(shape) \(name)")
                XCTAssertEqual(direct?.mean.bitPattern, summary?.mean.bitPattern, "\(shape) \(name)")
                XCTAssertEqual(direct?.p90.bitPattern, summary?.p90.bitPattern, "\(shape) \(name)")
            }
            XCTAssertEqual(k.kernelCount, zip(x, q).filter { $0 != 0 && $1 == 0 }.count)
        }
    }
}

/// A fixed-seed generator for the standard library's random APIs.
private struct Seeded: RandomNumberGenerator {
    var source: SplitMix64
    init(_ source: SplitMix64) { self.source = source }
    mutating func next() -> UInt64 { source.next() }
}
