import Experiments

/// The tables of a report, built from the result grid.
public enum ReportTables {
    /// One row per format: family, group and bits per element.
    public static func formats(_ grid: ResultGrid) -> MarkdownTable {
        let rows = grid.formats.map { f -> [String] in
            let c = grid.firstCell(format: f)
            return ["`\(f)`", c?.family ?? "–", c?.group ?? "–", NumberText.fixed(c?.bitsPerElement, 2)]
        }
        return MarkdownTable(header: ["format", "family", "group", "bits per element (bits)"], rows: rows)
    }

    /// A metric that depends on the format: one row per data, transform (and rounding when the
    /// sweep has several), one column per format; a source with several tensors has one row per
    /// tensor and its two aggregate rows (`TensorRow`). The best value in each row is bold (every
    /// value that prints the same as the best, so ties are all marked).
    public static func metric(_ metric: MetricColumn, _ grid: ResultGrid) -> MarkdownTable {
        var rows: [[String]] = []
        for d in grid.data {
            for t in grid.transforms {
                for r in grid.roundings {
                    // An operand metric does not depend on the accumulator: shown once, from the first.
                    var shown = false
                    for a in grid.accumulators where metric.isProduct || !shown {
                        let cells = grid.formats.map { grid.cell(data: d, transform: t, format: $0, rounding: r, accumulator: a) }
                        guard cells.contains(where: { $0 != nil }) else { continue }
                        shown = true
                        // A product metric is one number per cell, not per operand.
                        for row in metric.isProduct ? [.whole] : TensorRow.rows(grid, data: d) {
                            let values = cells.map { $0.flatMap { row.value(metric, $0) } }
                            let texts = values.map { display(metric, $0) }
                            let best = bestText(metric, values)
                            var label = "\(d) · \(t)"
                            if grid.roundings.count > 1 { label += " · \(r)" }
                            if metric.isProduct { label += " · \(a)" }
                            if let part = row.label(for: metric) { label += " · \(part)" }
                            rows.append([label] + zip(texts, cells).map { text, cell in
                                cell == nil ? "" : (text == best ? "**\(text)**" : text)
                            })
                        }
                    }
                }
            }
        }
        var axes = grid.roundings.count > 1 ? "data · transform · rounding" : "data · transform"
        if metric.isProduct { axes += " · accumulator" }
        if TensorRow.anySeveral(grid) && !metric.isProduct { axes += grid.hasProducts ? " · operand" : " · tensor" }
        return MarkdownTable(header: ["\(axes) (\(metric.header))"] + grid.formats.map { "`\($0)`" }, rows: rows)
    }

    /// Metrics that depend only on the data and transform: one row per (data, transform), or per
    /// tensor and aggregate of a source with several tensors.
    public static func inputs(_ metrics: [MetricColumn], _ grid: ResultGrid) -> MarkdownTable {
        var rows: [[String]] = []
        for d in grid.data {
            for t in grid.transforms {
                guard let cell = grid.cells.first(where: { $0.data == d && $0.transform == t }) else { continue }
                for row in TensorRow.rows(grid, data: d) {
                    let label = "\(d) · \(t)" + (row.label(for: nil).map { " · \($0)" } ?? "")
                    rows.append([label] + metrics.map { display($0, row.value($0, cell)) })
                }
            }
        }
        let axes = TensorRow.anySeveral(grid) ? "data · transform · tensor" : "data · transform"
        return MarkdownTable(header: [axes] + metrics.map(\.header), rows: rows)
    }

    /// The value as printed in tables (scaled to the display unit).
    public static func display(_ metric: MetricColumn, _ value: Double?) -> String {
        NumberText.fixed(value.map { $0 * metric.displayScale }, metric.digits)
    }

    /// The printed text of the best defined value, or nil when the metric has no direction.
    static func bestText(_ metric: MetricColumn, _ values: [Double?]) -> String? {
        guard let better = metric.better else { return nil }
        let defined = values.compactMap { $0 }.filter { !$0.isNaN }
        guard let best = better == .higher ? defined.max() : defined.min() else { return nil }
        return display(metric, best)
    }
}
