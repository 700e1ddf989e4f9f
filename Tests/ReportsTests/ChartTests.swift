import XCTest
@testable import Reports
import Experiments

/// The charts, built directly from a grid.
final class ChartTests: XCTestCase {
    func testQSNRVersusBitsDrawsOneLinePerGroup() throws {
        let (spec, results) = try ReportFixture.standard()
        let charts = ReportChart.build([.qsnrVsBits], grid: ResultGrid(results.cells, spec: spec), blockSize: 32)
        let svg = try XCTUnwrap(charts.first).svg
        // Legend: the groups the descriptors give, in order of first appearance.
        for group in [">MX int</text>", ">MX fp</text>", ">scaled fp</text>"] { XCTAssertTrue(svg.contains(group), group) }
        // Each group holds one format here (all 4.25 bits): one point each, in the group's color.
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 3)
        for color in ChartPalette.colors.prefix(3) { XCTAssertTrue(svg.contains("<circle cx=") && svg.contains("fill=\"\(color)\"/>"), color) }
        XCTAssertEqual(charts[0].fileName(base: "r"), "r-qsnr-vs-bits.svg")
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertEqual(svg, ReportChart.build([.qsnrVsBits], grid: ResultGrid(results.cells, spec: spec), blockSize: 32)[0].svg,
                       "the same numbers give the same bytes")
    }

    func testHadamardChartNeedsARotation() throws {
        let (spec, results) = try ReportFixture.standard()
        XCTAssertEqual(ReportChart.build([.hadamard], grid: ResultGrid(results.cells, spec: spec), blockSize: 32).map(\.kind), [.hadamard])
        let flat = try ReportFixture.spec(ReportFixture.yaml.replacingOccurrences(of: "[none, \"hadamard:32\"]", with: "[none]"))
        let flatResults = try ReportFixture.results(flat, qsnr: { _, _, _ in 10 }, crest: { _, _ in 2 })
        XCTAssertTrue(ReportChart.build([.hadamard], grid: ResultGrid(flatResults.cells, spec: flat), blockSize: 32).isEmpty)
    }

    /// Points of the crest chart come from unrelated data sources and transforms: they are drawn as
    /// markers only, never joined by a line.
    func testCrestChartDoesNotJoinUnrelatedPoints() throws {
        let (spec, results) = try ReportFixture.standard()
        let svg = try XCTUnwrap(ReportChart.build([.qsnrVsCrest], grid: ResultGrid(results.cells, spec: spec), blockSize: 32).first).svg
        XCTAssertFalse(svg.contains("<polyline"), "no line joins two points")
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 3 * 2 * 2 + 3, "one marker per format, data and transform, and a legend dot per format")
    }

    func testLineChartStyles() {
        let points = [LineChart.Point(x: 1, y: 1), LineChart.Point(x: 2, y: 3)]
        let chart = LineChart(title: "t", yLabel: "y", xLabel: "x", series: [("a", points), ("b", points), ("c", points)],
                              styles: [.markers, .line, .dashedLine], colors: [0, 0, 1])
        let svg = chart.svg
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 2 + 1, "markers (and a legend dot) only for the first series")
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2, "a line for the others")
        XCTAssertEqual(svg.components(separatedBy: "stroke-dasharray").count - 1, 2, "the dashed line and its legend swatch")
        XCTAssertEqual(svg.components(separatedBy: "<polyline points=\"").count, 3)
        XCTAssertTrue(svg.contains("stroke=\"\(ChartPalette.color(1))\" stroke-width=\"2.0\" stroke-dasharray"), "the dashed line in color 1")
    }

    func testBarChartLeavesGapsForMissingValues() {
        let chart = BarChart(title: "t", yLabel: "y", xLabel: "x", categories: ["p", "q"], series: ["s"], values: [[1], [nil]])
        XCTAssertEqual(chart.svg.components(separatedBy: "fill=\"#4e79a7\"").count - 1, 2, "one bar and one legend swatch")
    }
}
