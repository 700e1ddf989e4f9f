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
    /// sweep has several), one column per format; the best value in each row is bold (every value
    /// that prints the same as the best, so ties are all marked).
    public static func metric(_ metric: MetricColumn, _ grid: ResultGrid) -> MarkdownTable {
        var rows: [[String]] = []
        for d in grid.data {
            for t in grid.transforms {
                for r in grid.roundings {
                    let cells = grid.formats.map { grid.cell(data: d, transform: t, format: $0, rounding: r) }
                    guard cells.contains(where: { $0 != nil }) else { continue }
                    let values = cells.map { $0.flatMap { metric.value($0) } }
                    let texts = values.map { display(metric, $0) }
                    let best = bestText(metric, values)
                    var label = "\(d) · \(t)"
                    if grid.roundings.count > 1 { label += " · \(r)" }
                    rows.append([label] + zip(texts, cells).map { text, cell in
                        cell == nil ? "" : (text == best ? "**\(text)**" : text)
                    })
                }
            }
        }
        let axes = grid.roundings.count > 1 ? "data · transform · rounding" : "data · transform"
        return MarkdownTable(header: ["\(axes) (\(metric.header))"] + grid.formats.map { "`\($0)`" }, rows: rows)
    }

    /// Metrics that depend only on the data and transform: one row per (data, transform).
    public static func inputs(_ metrics: [MetricColumn], _ grid: ResultGrid) -> MarkdownTable {
        var rows: [[String]] = []
        for d in grid.data {
            for t in grid.transforms {
                guard let cell = grid.cells.first(where: { $0.data == d && $0.transform == t }) else { continue }
                rows.append(["\(d) · \(t)"] + metrics.map { display($0, $0.value(cell)) })
            }
        }
        return MarkdownTable(header: ["data · transform"] + metrics.map(\.header), rows: rows)
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
