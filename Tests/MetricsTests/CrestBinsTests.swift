import XCTest
@testable import Metrics

final class CrestBinsTests: XCTestCase {
    /// Two blocks of 4: [1, 1, 1, 1] (kappa 1) and [2, 0, 0, 0] (kappa 2); the bin QSNR is the mean of
    /// the blocks' relative errors, not the ratio of pooled energies.
    func testBlocksLandInTheirOwnCrestBin() {
        var bins = CrestBins(from: 1, to: 2.5, width: 0.5)
        XCTAssertEqual(bins.edges, [1, 1.5, 2, 2.5])
        let x: [Float] = [1, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0]
        let q: [Float] = [1, 1, 1, 0.5, 1, 0, 0, 0, 0, 0, 0, 0]
        bins.add(original: x, quantized: q, rowLength: 12, blockSize: 4)
        XCTAssertEqual(bins.counts, [1, 0, 1])
        XCTAssertEqual(bins.skipped, 1, "the all-zero block")
        XCTAssertEqual(bins.meanCrest(0), 1)
        XCTAssertEqual(bins.meanCrest(2), 2)
        XCTAssertEqual(bins.qsnrDB(0), -10 * log10(0.25 / 4), accuracy: 1e-12)
        XCTAssertEqual(bins.qsnrDB(2), -10 * log10(1.0 / 4), accuracy: 1e-12)
        XCTAssertTrue(bins.qsnrDB(1).isNaN)
    }

    func testRowsEndInAShorterBlockAndEdgesAreHalfOpen() {
        var bins = CrestBins(edges: [1, 2, 3])
        XCTAssertEqual(bins.bin(of: 2), 1)
        XCTAssertNil(bins.bin(of: 3))
        XCTAssertNil(bins.bin(of: .nan))
        // Rows of 3 in blocks of 2: [3, 0] (kappa sqrt 2), [4] (kappa 1) per row.
        bins.add(original: [3, 0, 4, 3, 0, 4], quantized: [3, 0, 4, 3, 0, 4], rowLength: 3, blockSize: 2)
        XCTAssertEqual(bins.counts, [4, 0])
        XCTAssertEqual(bins.qsnrDB(0), .infinity)
    }
}
