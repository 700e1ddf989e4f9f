import Foundation
import ModelKernels
import XCTest

final class RowKernelsTests: XCTestCase {
    /// erf16 is within 4.5e-7 of glibc's erff (itself within 5e-8 of the exact erf) on [-6, 6], odd,
    /// and ±1 beyond ±4; GELU within 1e-6 · max(1, |x|) of 0.5 x (1 + erff(x / √2)), including a
    /// row whose width is not a multiple of 16.
    func testErfAndGeluAgainstTheCLibrary() {
        var worst: Float = 0
        var x: Float = -6
        while x <= 6 {
            var lanes = SIMD16<Float>()
            for i in 0..<16 { lanes[i] = x + Float(i) * 1e-4 }
            let e = RowKernels.erf16(lanes), m = RowKernels.erf16(-lanes)
            for i in 0..<16 {
                worst = max(worst, abs(e[i] - erff(lanes[i])))
                XCTAssertEqual(m[i], -e[i])
            }
            x += 16e-4
        }
        XCTAssertLessThan(worst, 4.5e-7)
        XCTAssertEqual(RowKernels.erf16(SIMD16(repeating: 9))[0], 1)
        let width = 37
        let values = (0..<(3 * width)).map { Float($0 - 50) * 0.173 }
        var y = values
        y.withUnsafeMutableBufferPointer { RowKernels.gelu($0.baseAddress!, rows: 3, width: width, workers: 2) }
        for (v, g) in zip(values, y) {
            XCTAssertEqual(g, 0.5 * v * (1 + erff(v / Float(2).squareRoot())), accuracy: 1e-6 * max(1, abs(v)))
        }
    }
}
