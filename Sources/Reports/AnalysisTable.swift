import Experiments
import PlainText

/// The terminal table of `quantlab analyze`: one row per metric (its header with unit), one column
/// per format, numbers right-aligned and printed with the sweep reports' decimals, or with four
/// significant digits where those decimals would show fewer than three (`NumberText.readable`).
/// A source with several tensors shows the mean of the per-tensor values and, below, the pooled
/// QSNR (`TensorAggregate`); `--output` files have one row per tensor.
public enum AnalysisTable {
    public static func text(_ results: SweepResults) -> String {
        guard let first = results.cells.first else { return "" }
        let tensors = first.tensors.count
        var lines = ["source: \(first.source)  transform: \(first.transform)  rounding: \(first.rounding)"
            + (tensors > 1 ? "  (\(tensors) tensors: mean of the per-tensor values; one row per tensor in --output files)" : "")]
        var rows = [["metric"] + results.cells.map(\.format)]
        for metric in columns(results) {
            rows.append([metric.header] + results.cells.map { cell in
                NumberText.readable(metric.value(cell).map { $0 * metric.displayScale }, metric.digits)
            })
        }
        if tensors > 1, let qsnr = MetricColumn.named("qsnr_db") {
            rows.append(["QSNR, \(TensorAggregate.pooled.label(for: qsnr, tensors: tensors)) (dB)"]
                + results.cells.map { NumberText.readable(qsnr.pooled($0).map { $0 * qsnr.displayScale }, qsnr.digits) })
        }
        lines.append(AlignedColumns.text(rows) { $0 == 0 ? .left : .right })
        return lines.joined(separator: "\n")
    }

    /// The metrics shown for these results: every column, less the rotated-domain QSNR when
    /// nothing was rotated (it would repeat the QSNR).
    public static func columns(_ results: SweepResults) -> [MetricColumn] {
        let rotated = results.cells.contains { $0.tensors.contains { $0.rotated != nil } }
        return MetricColumn.all.filter { rotated || $0.id != "qsnr_rotated_db" }
    }
}
