import XCTest
@testable import Experiments
@testable import Reports

/// Reports of results holding extreme values (±1e308, ±Inf, NaN), as a merged or hand-edited
/// results file can: the axis, chart and findings code must render them, never trap.
final class ExtremeValueReportTests: XCTestCase {
    static let extremes: [Double] = [1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, 0]

    func testAxisScaleStaysFiniteOnExtremeValues() {
        let cases: [[Double]] = [[-1e308, 1e308], [1e308, 1e308], [.greatestFiniteMagnitude], [-.greatestFiniteMagnitude, 0],
                                 [1e20, 1e20], [-.infinity, 1e308], [.nan, 5], [], [1e-320, 2e-320]]
        for values in cases {
            let axis = AxisScale(values: values, include: [0], pixels: (400, 40))
            XCTAssertTrue(axis.step.isFinite && axis.step > 0, "\(values): step \(axis.step)")
            XCTAssertTrue(axis.lower.isFinite && axis.upper.isFinite && axis.lower < axis.upper, "\(values): \(axis.lower)...\(axis.upper)")
            let ticks = axis.ticks
            XCTAssertFalse(ticks.isEmpty, "\(values)")
            XCTAssertLessThanOrEqual(ticks.count, 100, "\(values)")
            for v in values + ticks where v.isFinite {
                let p = axis.position(v)
                XCTAssertTrue(p.isFinite && p >= 39.9 && p <= 400.1, "\(values): position(\(v)) = \(p)")
            }
            _ = NumberText.tick(ticks[0], step: axis.step)
        }
        XCTAssertEqual(NumberText.tick(1, step: .nan), "1")
        XCTAssertEqual(NumberText.tick(1, step: 0), "1")
    }

    /// The axis of ordinary data is unchanged (the committed charts stay byte-identical).
    func testAxisScaleOfOrdinaryDataIsUnchanged() {
        let axis = AxisScale(values: [12.3, 41.7], pixels: (400, 40))
        XCTAssertEqual([axis.lower, axis.upper, axis.step], [10, 50, 10])
        XCTAssertEqual(axis.position(27.5), 242.5)
    }

    func testReportOfExtremeValuesRendersWithoutTrapping() throws {
        let spec = try SweepSpec(yaml: """
        data: ["normal(shape=4x64)", "laplace(shape=4x64)", "student_t(shape=4x64, nu=3)"]
        transforms: [none, "hadamard:32:random"]
        formats: [int8/tensor, mxint8, mxfp8_e4m3, mxfp4, nvfp4, nvint4]
        metrics: [qsnr_db, qsnr_rotated_db, kernel_share, saturated_share, bits, block_crest, crest, kurtosis, mse]
        """, file: "extreme.yaml")
        var results = try SweepRunner(jobs: 1).run(spec).results
        for (i, cell) in results.cells.enumerated() {
            let x = Self.extremes[i % Self.extremes.count], y = Self.extremes[(i * 5 + 3) % Self.extremes.count]
            var c = cell
            c.bitsPerElement = i % 7 == 0 ? 1e308 : (i % 11 == 0 ? -.infinity : c.bitsPerElement)
            for t in c.tensors.indices {
                c.tensors[t].original.qsnrDB = x
                c.tensors[t].original.mse = y
                c.tensors[t].original.original.crestFactor = y
                c.tensors[t].rotated?.qsnrDB = y
                c.tensors[t].original.blockCrestFactor?.median = x
                c.tensors[t].rotated?.blockCrestFactor?.median = y
                c.tensors[t].original.kernelShare = y
            }
            results.cells[i] = c
        }
        let body = ReportDocument.render(results: results, spec: spec, name: "extreme")
        XCTAssertTrue(body.markdown.contains("## Findings"))
        XCTAssertEqual(body.charts.count, 5)
        for chart in body.charts {
            for bad in ["=\"–", "=\"∞", "=\"−∞", "nan", "inf"] { XCTAssertFalse(chart.svg.contains(bad), "\(chart.fileName) has \(bad)") }
        }
        _ = CSVExport.text(results)
        _ = AnalysisTable.text(results)
    }
}
