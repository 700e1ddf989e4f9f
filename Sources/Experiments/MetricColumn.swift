/// A reported number: its `metrics:` name, table header, unit, and how it is read from a cell.
/// `value(_:)` of a cell with several tensors is the mean over its tensors (QSNR as the mean of dB
/// values, as "INT v.s. FP" Fig. 4 reports mean QSNR); per-tensor and pooled values are in
/// `MetricColumn+Pooled` (`TensorAggregate`).
public struct MetricColumn: Sendable {
    /// Which way is better, for marking the best value in a row; nil for descriptive numbers.
    public enum Better: Sendable { case higher, lower }
    /// `format`: depends on the format (one column per format in tables); `input`: depends only
    /// on the data and transform (crest factor, kurtosis).
    public enum Scope: Sendable { case format, input }

    public var id: String
    public var title: String
    public var unit: String
    public var better: Better?
    public var scope: Scope
    /// Scale applied before printing (100 for shares printed in %).
    public var displayScale: Double
    /// Decimal places when printed.
    public var digits: Int
    let read: @Sendable (CellResult, TensorMeasurement) -> Double?

    /// The cell's value: the mean over its tensors of the defined values; nil when none is.
    public func value(_ cell: CellResult) -> Double? {
        let values = cell.tensors.compactMap { read(cell, $0) }
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The header text with its unit, e.g. `QSNR (dB)`.
    public var header: String { unit.isEmpty ? title : "\(title) (\(unit))" }
}

extension MetricColumn {
    /// Every metric, in CSV column order.
    public static let all: [MetricColumn] = [
        MetricColumn(id: "bits", title: "bits per element", unit: "bits", better: nil, scope: .format, displayScale: 1, digits: 2) { c, _ in c.bitsPerElement },
        MetricColumn(id: "qsnr_db", title: "QSNR", unit: "dB", better: .higher, scope: .format, displayScale: 1, digits: 2) { _, t in t.original.qsnrDB },
        MetricColumn(id: "qsnr_rotated_db", title: "QSNR in rotated domain", unit: "dB", better: .higher, scope: .format, displayScale: 1, digits: 2) { _, t in t.formatInput.qsnrDB },
        MetricColumn(id: "mse", title: "MSE", unit: "", better: .lower, scope: .format, displayScale: 1, digits: 6) { _, t in t.original.mse },
        MetricColumn(id: "rmse", title: "RMSE", unit: "", better: .lower, scope: .format, displayScale: 1, digits: 5) { _, t in t.original.rmse },
        MetricColumn(id: "max_abs_error", title: "max abs error", unit: "", better: .lower, scope: .format, displayScale: 1, digits: 4) { _, t in t.original.maxAbsError },
        MetricColumn(id: "mean_rel_error", title: "mean relative error", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 2) { _, t in t.original.meanRelativeError },
        MetricColumn(id: "cosine", title: "cosine similarity", unit: "", better: .higher, scope: .format, displayScale: 1, digits: 6) { _, t in t.original.cosineSimilarity },
        MetricColumn(id: "kernel_share", title: "kernel share", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 2) { _, t in t.formatInput.kernelShare },
        MetricColumn(id: "kernel_share_row_mean", title: "kernel share, mean over rows", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 2) { _, t in t.formatInput.rowKernelShare?.mean },
        MetricColumn(id: "kernel_share_row_max", title: "kernel share, max over rows", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 2) { _, t in t.formatInput.rowKernelShare?.max },
        MetricColumn(id: "kernel_share_col_mean", title: "kernel share, mean over columns", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 2) { _, t in t.formatInput.columnKernelShare?.mean },
        MetricColumn(id: "kernel_share_col_max", title: "kernel share, max over columns", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 2) { _, t in t.formatInput.columnKernelShare?.max },
        MetricColumn(id: "saturated_share", title: "saturated share", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 3) { _, t in t.formatInput.saturatedShare },
        MetricColumn(id: "block_crest", title: "median block crest factor", unit: "", better: nil, scope: .input, displayScale: 1, digits: 3) { _, t in t.formatInput.blockCrestFactor?.median },
        MetricColumn(id: "block_crest_mean", title: "mean block crest factor", unit: "", better: nil, scope: .input, displayScale: 1, digits: 3) { _, t in t.formatInput.blockCrestFactor?.mean },
        MetricColumn(id: "block_crest_p90", title: "p90 block crest factor", unit: "", better: nil, scope: .input, displayScale: 1, digits: 3) { _, t in t.formatInput.blockCrestFactor?.p90 },
        MetricColumn(id: "crest", title: "tensor crest factor", unit: "", better: nil, scope: .input, displayScale: 1, digits: 2) { _, t in t.formatInput.original.crestFactor },
        MetricColumn(id: "kurtosis", title: "kurtosis", unit: "", better: nil, scope: .input, displayScale: 1, digits: 2) { _, t in t.formatInput.original.kurtosis },
    ]

    /// The columns reported when a spec names none.
    public static let defaultIDs = ["qsnr_db", "qsnr_rotated_db", "kernel_share", "bits", "block_crest"]

    /// The metric named `id`, or nil.
    public static func named(_ id: String) -> MetricColumn? { accepted.first { $0.id == id } }

    /// Every metric a sweep may name: `all` (tensor metrics, the columns of every CSV and analysis)
    /// and the matrix-product metrics (`MetricColumn+Product`).
    public static var accepted: [MetricColumn] { all + productColumns }
}

extension MetricColumn: Equatable {
    public static func == (a: MetricColumn, b: MetricColumn) -> Bool { a.id == b.id }
}
