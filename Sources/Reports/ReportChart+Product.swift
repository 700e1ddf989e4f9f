import Experiments
import Foundation

/// The charts of matrix-product cells (`CellResult.gemm`), for the base transform and the first
/// rounding of the operands.
extension ReportChart {
    static let accumulationMax = MetricColumn.named("accumulation_max_rel_error")!
    static let productParts = ["product", "quantization", "accumulation"].map { MetricColumn.named("\($0)_mean_rel_error")! }

    /// The product cells of the base transform and first rounding, in cell order.
    static func productCells(_ grid: ResultGrid) -> [CellResult] {
        let t = grid.baseTransform, r = grid.roundings[0]
        return grid.cells.filter { $0.gemm != nil && $0.transform == t && $0.rounding == r }
    }

    /// Lines: x = log2 K, y = the max relative error of the product's accumulation part (%, `y - q`
    /// against the exact product r: what the accumulator adds), one line per gemm entry, format and
    /// accumulator that was run at two K or more.
    static func accumulationErrorVersusK(_ grid: ResultGrid) -> ReportChart? {
        var names: [String] = [], points: [String: [LineChart.Point]] = [:]
        for c in productCells(grid) {
            guard let g = c.gemm, let y = accumulationMax.value(c) else { continue }
            let name = "\(g.entry) · \(c.format) · \(g.accumulator)"
            if points[name] == nil { names.append(name) }
            points[name, default: []].append(LineChart.Point(x: log2(Double(g.report.k)), y: y * 100))
        }
        let series = names.compactMap { n -> (name: String, points: [LineChart.Point])? in
            let p = points[n]!.sorted { $0.x < $1.x }
            return p.count > 1 ? (n, p) : nil
        }
        guard !series.isEmpty else { return nil }
        let title = "Accumulation error: max relative error vs K (transform \(grid.baseTransform))"
        let chart = LineChart(title: title, yLabel: "max relative error (%)", xLabel: "log2 K (8 = 256, 10 = 1024, 12 = 4096, 14 = 16384)",
                              series: series)
        return ReportChart(kind: .accumulationErrorVsK, title: title, svg: chart.svg)
    }

    /// Grouped bars: one group per product cell (data · format · accumulator), bars for the mean
    /// relative error of the product and of its quantization and accumulation parts (%).
    static func productErrorSplit(_ grid: ResultGrid) -> ReportChart? {
        let cells = productCells(grid)
        guard !cells.isEmpty else { return nil }
        let several = Set(cells.map(\.data)).count > 1
        let categories = cells.map { c in (several ? "\(c.data) · " : "") + "\(c.format) · \(c.gemm!.accumulator)" }
        let values = cells.map { c in productParts.map { $0.value(c).map { $0 * 100 } } }
        let title = "Product error split: mean relative error (transform \(grid.baseTransform))"
        let chart = BarChart(title: title, yLabel: "mean relative error (%)", xLabel: "data · format · accumulator",
                             categories: categories, series: ["total", "quantization part", "accumulation part"], values: values)
        return ReportChart(kind: .productErrorSplit, title: title, svg: chart.svg)
    }
}
