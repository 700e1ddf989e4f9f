import Experiments
import Foundation

extension ReportChart {
    /// The error curves of every search with a numeric axis: one line per (data, format, tensor,
    /// operand, step), the objective in dB above the curve's own minimum against the candidate
    /// value (so curves of different tensors share one axis); nil without searches.
    static func searchCurves(_ grid: ResultGrid) -> ReportChart? {
        var series: [(name: String, points: [LineChart.Point])] = []
        var axes: [String] = []
        for (cell, tensor, report) in SearchTables.searched(grid.cells) {
            for o in report.operands {
                for curve in o.curves {
                    guard let x = curve.x, let low = curve.mse.filter({ $0 > 0 }).min() else { continue }
                    if !axes.contains(curve.label) { axes.append(curve.label) }
                    let name = [cell.data, cell.tensors.count > 1 ? tensor.name : nil, report.operands.count > 1 ? o.operand : nil,
                                o.curves.count > 1 ? curve.label : nil].compactMap { $0 }.joined(separator: " · ")
                    let points = zip(x, curve.mse).map { LineChart.Point(x: $0, y: 10 * log10(Swift.max($1, low) / low)) }
                    series.append((name, points))
                }
            }
        }
        guard !series.isEmpty else { return nil }
        let title = "Search error curves: objective above its minimum"
        let chart = LineChart(title: title, yLabel: "error above the curve's minimum (dB)", xLabel: axes.joined(separator: ", "), series: series)
        return ReportChart(kind: .searchCurve, title: title, svg: chart.svg)
    }
}
