import XCTest
@testable import Metrics

final class DeterminismTests: XCTestCase {
    /// A 1M-element tensor measured with 1, 2, 3 and all threads gives byte-identical reports.
    func testReportIsIdenticalForAnyThreadCount() throws {
        let count = 1 << 20, rowLength = 1024
        var state: UInt64 = 12345
        let x: [Float] = (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Float(state >> 40) / Float(1 << 24)  // [0, 1)
            return (u - 0.5) * (u - 0.5) * (u - 0.5) * 100  // heavy-ish tails
        }
        let q = x.map { ($0 * 4).rounded() / 4 }  // a uniform grid with many zeros
        var encoded: [Data] = []
        for concurrency in [1, 2, 3, nil] as [Int?] {
            let r = try QuantizationErrorReport(original: x, quantized: q, rowLength: rowLength, blockSize: 32,
                                                clipLimit: .tensor(10), concurrency: concurrency)
            encoded.append(try QuantizationErrorReport.makeJSONEncoder().encode(r))
        }
        XCTAssertTrue(encoded.allSatisfy { $0 == encoded[0] })
        let r = try QuantizationErrorReport.makeJSONDecoder().decode(QuantizationErrorReport.self, from: encoded[0])
        XCTAssertGreaterThan(r.kernelShare, 0)
        XCTAssertGreaterThan(r.saturatedCount ?? 0, 0)
        XCTAssertEqual(r.blockCrestFactor?.count, count / 32)
    }
}
