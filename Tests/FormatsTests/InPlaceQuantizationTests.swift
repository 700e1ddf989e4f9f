import XCTest
@testable import Formats

/// `fakeQuantizeInPlace` writes `fakeQuantize`'s values over its input, bit for bit: the passes of
/// element and scaled formats read every statistic and element before writing it.
final class InPlaceQuantizationTests: XCTestCase {
    func testInPlaceEqualsACopy() throws {
        let shape = [5, 3, 64]
        let count = shape.reduce(1, *)
        var x = (0 ..< count).map { i in Float(sin(Double(i) * 0.7)) * (i % 29 == 0 ? 300 : 1) }
        x[7] = 0; x[100] = -0.0; x[200] = .infinity; x[201] = .nan; x[450] = 1e-30
        let specs = ["float8_e4m3fn", "int8", "nf4", "int8/tensor", "int8/ch0", "int8/ch1", "int4/g16", "mxfp4", "mxfp8_e4m3", "mxint8",
                     "nvfp4", "nvint4", "mxfp4(clip=mse)", "uint4/g64/asym", "power:4:0.5/g32", "bipolar:4/g32",
                     "search(power:4:A, A=0.5..1.0/3)"]
        for spec in specs {
            let format = try FormatRegistry.tensorFormat(spec)
            for mode in [RoundingMode.nearestEven, .stochastic] {
                // Scaled formats that refuse Inf/NaN groups throw the same way on both paths.
                let copy = Result { try format.fakeQuantize(x, shape: shape, mode: mode, seed: 5) }
                var values = x
                let inPlace = Result { try values.withUnsafeMutableBufferPointer { try format.fakeQuantizeInPlace($0, shape: shape, mode: mode, seed: 5) } }
                switch (copy, inPlace) {
                case let (.success(expected), .success):
                    XCTAssertEqual(values.map(\.bitPattern), expected.map(\.bitPattern), "\(spec) \(mode)")
                case (.failure, .failure): break
                default: XCTFail("\(spec) \(mode): \(copy) vs \(inPlace)")
                }
            }
            XCTAssertEqual(format.quantizesInPlace, !(format is SearchFormat), spec)
        }
    }
}
