import ModelKernels
import XCTest

final class DenseProductTests: XCTestCase {
    /// Each output is the sequential fused multiply-add over k, plus the bias, bit for bit, for shapes
    /// with partial tiles (m not a multiple of 6, n not a multiple of 16), for 1, 2 and 3 workers.
    func testEqualsSequentialFusedMultiplyAdd() {
        var generator = SystemRandomNumberGenerator()
        for (m, n, k) in [(1, 1, 1), (7, 17, 5), (50, 33, 96), (13, 48, 384)] {
            let a = (0..<(m * k)).map { _ in Float.random(in: -2...2, using: &generator) }
            let w = (0..<(n * k)).map { _ in Float.random(in: -2...2, using: &generator) }
            let bias = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
            var expected = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var c: Float = 0
                    for t in 0..<k { c = c.addingProduct(a[i * k + t], w[j * k + t]) }
                    expected[i * n + j] = c + bias[j]
                }
            }
            let panels = PanelMatrix(rows: n, columns: k, values: w)
            XCTAssertEqual(panels.unpacked(), w)
            for workers in [1, 2, 3] {
                var c = [Float](repeating: .nan, count: m * n)
                a.withUnsafeBufferPointer { a in
                    bias.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            DenseProduct.multiply(a.baseAddress!, rows: m, panels, bias: b.baseAddress, into: c.baseAddress!, workers: workers)
                        }
                    }
                }
                XCTAssertEqual(c.map(\.bitPattern), expected.map(\.bitPattern), "\(m)x\(k) by \(n)x\(k), \(workers) workers")
            }
        }
    }
}
