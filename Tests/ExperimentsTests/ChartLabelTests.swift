import XCTest
@testable import Reports

/// Point labels of line charts (the QSNR-vs-bits chart): labels that would overlap are moved apart,
/// but never past each other, so each label stays on the same side of its neighbours as its point.
final class ChartLabelTests: XCTestCase {
    typealias Point = LineChart.Point

    /// The drawn labels: text, x, y (pixels), read back from the SVG.
    static func labels(_ svg: String) -> [(text: String, x: Double, y: Double)] {
        let pattern = try! NSRegularExpression(pattern: ##"<text x="([-0-9.]+)" y="([-0-9.]+)" font-size="10.0"[^>]*fill="#555">([^<]*)</text>"##)
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { m in
            let field = { (i: Int) in String(svg[Range(m.range(at: i), in: svg)!]) }
            return (field(3), Double(field(1))!, Double(field(2))!)
        }
    }

    /// Every pair of labels that overlap horizontally is in the vertical order of its points
    /// (higher value, smaller pixel y) and at least a line apart.
    func assertOrdered(_ series: [(name: String, points: [Point])], file: StaticString = #filePath, line: UInt = #line) {
        let svg = LineChart(title: "t", yLabel: "y", xLabel: "x", series: series).svg
        let value = Dictionary(series.flatMap(\.points).map { ($0.label!, $0.y) }, uniquingKeysWith: { a, _ in a })
        let drawn = Self.labels(svg)
        XCTAssertEqual(drawn.count, value.count, file: file, line: line)
        for a in drawn {
            for b in drawn where a.text < b.text {
                guard a.x < b.x + Double(b.text.count) * 6, b.x < a.x + Double(a.text.count) * 6 else { continue }
                XCTAssertGreaterThanOrEqual(abs(a.y - b.y), 10.9, "\(a.text) and \(b.text) overlap", file: file, line: line)
                if value[a.text]! > value[b.text]! {
                    XCTAssertLessThan(a.y, b.y, "\(a.text) (\(value[a.text]!)) drawn below \(b.text) (\(value[b.text]!))", file: file, line: line)
                } else if value[a.text]! < value[b.text]! {
                    XCTAssertGreaterThan(a.y, b.y, "\(a.text) (\(value[a.text]!)) drawn above \(b.text) (\(value[b.text]!))", file: file, line: line)
                }
            }
        }
    }

    /// The int-vs-fp layout: int4/g128 just above mxfp4, nvint4 just above nvfp4, drawn in series
    /// order lower point first.
    func testNearbyLabelsDoNotSwap() {
        assertOrdered([
            ("MX fp", [Point(x: 4.25, y: 18.0, label: "mxfp4"), Point(x: 8.25, y: 31.5, label: "mxfp8_e4m3")]),
            ("scaled int", [Point(x: 4.25, y: 18.3, label: "int4/g128"), Point(x: 8.25, y: 31.7, label: "int8/g32")]),
            ("NV fp", [Point(x: 4.5, y: 20.55, label: "nvfp4")]),
            ("NV int", [Point(x: 4.5, y: 20.6, label: "nvint4")]),
        ])
    }

    func testRandomCrowdedLabelsKeepTheirOrder() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for round in 0 ..< 20 {
            let series = (0 ..< 4).map { s in
                ("s\(s)", (0 ..< 5).map { p in
                    Point(x: 4 + Double(Int(next() * 8)) / 4, y: 15 + next() * 6, label: "f\(round)-\(s)-\(p)")
                }.sorted { $0.x < $1.x })
            }
            assertOrdered(series)
        }
    }
}
