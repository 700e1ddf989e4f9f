import XCTest
@testable import Experiments
@testable import Reports
@testable import Workflows

/// The `analyze` table shows small errors with significant digits, not as zeros (issue 9 item 22).
final class AnalysisTableTests: XCTestCase {
    func testSmallErrorsKeepSignificantDigits() throws {
        let results = try Analysis(formats: ["float16", "int8/ch0"], source: "normal(shape=8x64, seed=3)").run(runner: SweepRunner(jobs: 1))
        let lines = AnalysisTable.text(results).split(separator: "\n")
        let mse = try XCTUnwrap(lines.first { $0.hasPrefix("MSE ") })
        let fields = mse.split(separator: " ")
        XCTAssertEqual(fields.count, 3, String(mse))
        for (field, cell) in zip(fields.dropFirst(), results.cells) {
            let value = try XCTUnwrap(cell.tensors[0].original.mse)
            XCTAssertGreaterThan(value, 0)
            let shown = try XCTUnwrap(Double(field), String(field))
            XCTAssertEqual(shown, value, accuracy: value * 1e-3, "\(cell.format): \(mse)")
        }
    }

    func testReadableNumbers() {
        XCTAssertEqual(NumberText.readable(6.2e-7, 6), "6.200e-07")
        XCTAssertEqual(NumberText.readable(0.013162, 6), "0.013162")
        XCTAssertEqual(NumberText.readable(0.000123, 6), "0.000123")
        XCTAssertEqual(NumberText.readable(0.0000123, 6), "1.230e-05")
        XCTAssertEqual(NumberText.readable(0, 6), "0.000000")
        XCTAssertEqual(NumberText.readable(42.05, 2), "42.05")
        XCTAssertEqual(NumberText.readable(-0.0001234, 2), "-1.234e-04")
        XCTAssertEqual(NumberText.readable(.infinity, 2), "∞")
        XCTAssertEqual(NumberText.readable(nil, 2), "–")
    }
}
