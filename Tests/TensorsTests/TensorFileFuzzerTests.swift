import XCTest
@testable import Tensors

final class TensorFileFuzzerTests: XCTestCase {
    func testCorpusIsValid() throws {
        for image in TensorFileFuzzer.corpus() {
            let npy = try? NPYFile.parse(image, name: "c.npy")
            let st = try? SafetensorsFile.parse(image, name: "c.safetensors")
            XCTAssertTrue(npy != nil || st != nil, "corpus image of \(image.count) bytes is not valid")
        }
    }

    func testTwentyThousandMutationsNeverTrap() {
        let report = TensorFileFuzzer.run(iterations: 20_000, seed: 1)
        XCTAssertEqual(report.inputs, 20_000)
        XCTAssertEqual(report.accepted + report.rejected, 3 * 20_000)
        XCTAssertGreaterThan(report.accepted, 100, "mutations should not all be fatal")
        XCTAssertGreaterThan(report.rejected, 10_000)
        XCTAssertEqual(TensorFileFuzzer.run(iterations: 500, seed: 1), TensorFileFuzzer.run(iterations: 500, seed: 1))
    }
}
