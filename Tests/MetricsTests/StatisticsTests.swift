import XCTest
@testable import Metrics

final class StatisticsTests: XCTestCase {
    func testTensorStatisticsOfKnownSet() {
        let s = TensorStatistics([1, 2, 3, 4])
        XCTAssertEqual(s.count, 4)
        XCTAssertEqual(s.mean, 2.5)
        XCTAssertEqual(s.std, 1.25.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(s.rms, 7.5.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(s.absMax, 4)
        XCTAssertEqual(s.crestFactor, 4 / 7.5.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(s.kurtosis, 2.5625 / 1.5625, accuracy: 1e-15)  // m4 / m2^2 = 1.64
        XCTAssertEqual(TensorStatistics([-1, 1, -1, 1]).kurtosis, 1)
        XCTAssertTrue(TensorStatistics([3, 3, 3]).kurtosis.isNaN)
        XCTAssertTrue(TensorStatistics([0, 0]).crestFactor.isNaN)
    }

    func testKurtosisOfUniformSampleIsNearOnePointEight() {
        // Pearson (non-excess) kurtosis of a uniform distribution is 9/5.
        let x = (0..<100_000).map { Float($0) / 100_000 - 0.5 }
        XCTAssertEqual(TensorStatistics(x).kurtosis, 1.8, accuracy: 1e-4)
    }

    func testBlockCrestFactorsIncludingShortBlocks() {
        let x: [Float] = [1, 1, 1, 1, 3, 0,
                          0, 0, 0, 0, 2, 2]
        let crest = x.withUnsafeBufferPointer { Measures.blockCrestFactors($0, rowLength: 6, blockSize: 4) }
        XCTAssertEqual(crest.count, 4)
        XCTAssertEqual(crest[0], 1)
        XCTAssertEqual(crest[1], 3 / 4.5.squareRoot(), accuracy: 1e-15)  // short block [3, 0]
        XCTAssertTrue(crest[2].isNaN)  // all zero
        XCTAssertEqual(crest[3], 1)
    }

    func testSummaryPercentiles() throws {
        let s = try XCTUnwrap(SummaryStatistics((1...10).map(Double.init).reversed() + [.nan]))
        XCTAssertEqual(s.count, 10)
        XCTAssertEqual(s.mean, 5.5)
        XCTAssertEqual(s.min, 1)
        XCTAssertEqual(s.p10, 1.9, accuracy: 1e-12)
        XCTAssertEqual(s.median, 5.5)
        XCTAssertEqual(s.p90, 9.1, accuracy: 1e-12)
        XCTAssertEqual(s.max, 10)
        XCTAssertNil(SummaryStatistics([]))
        XCTAssertNil(SummaryStatistics([.nan]))
    }

    func testMeasures() {
        XCTAssertEqual(Measures.qsnrDB(signalEnergy: 100, errorEnergy: 1), 20)
        XCTAssertEqual(Measures.qsnrDB(signalEnergy: 0, errorEnergy: 0), .infinity)
        XCTAssertEqual(Measures.qsnrDB(signalEnergy: 0, errorEnergy: 1), -.infinity)
        XCTAssertEqual(Measures.cosineSimilarity(cross: 0, originalEnergy: 1, quantizedEnergy: 0), 0)
        XCTAssertEqual(Measures.crestFactor(absMax: 3, rms: 1.5), 2)
        XCTAssertTrue(Measures.share(0, of: 0).isNaN)
    }

    func testChunkedReductionKeepsChunkOrder() {
        for concurrency in [1, 2, 5] {
            let ranges = ChunkedReduction.map(count: 10, chunkSize: 3, concurrency: concurrency) { $0 }
            XCTAssertEqual(ranges, [0..<3, 3..<6, 6..<9, 9..<10])
        }
        XCTAssertEqual(ChunkedReduction.map(count: 0, concurrency: 2) { $0 }, [])
    }
}
