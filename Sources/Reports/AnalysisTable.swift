import Experiments

/// The terminal table of `quantlab analyze`: one row per metric (its header with unit), one column
/// per format, numbers right-aligned and printed with the sweep reports' decimals, or with four
/// significant digits where those decimals would show fewer than three (`NumberText.readable`).
public enum AnalysisTable {
    public static func text(_ results: SweepResults) -> String {
        guard let first = results.cells.first else { return "" }
        let tensors = first.tensors.count
        var lines = ["source: \(first.source)  transform: \(first.transform)  rounding: \(first.rounding)"
            + (tensors > 1 ? "  (mean over \(tensors) tensors)" : "")]
        var rows = [["metric"] + results.cells.map(\.format)]
        for metric in columns(results) {
            rows.append([metric.header] + results.cells.map { cell in
                NumberText.readable(metric.value(cell).map { $0 * metric.displayScale }, metric.digits)
            })
        }
        lines.append(aligned(rows))
        return lines.joined(separator: "\n")
    }

    /// The metrics shown for these results: every column, less the rotated-domain QSNR when
    /// nothing was rotated (it would repeat the QSNR).
    public static func columns(_ results: SweepResults) -> [MetricColumn] {
        let rotated = results.cells.contains { $0.tensors.contains { $0.rotated != nil } }
        return MetricColumn.all.filter { rotated || $0.id != "qsnr_rotated_db" }
    }

    /// Rows padded to equal column widths: the first column left-aligned, the others right-aligned.
    static func aligned(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
        return rows.map { row in
            row.enumerated().map { k, cell in
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                return k == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
