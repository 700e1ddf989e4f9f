import Foundation
import Metrics

extension MetricColumn {
    /// The value of one tensor of a cell.
    public func value(_ cell: CellResult, tensor: TensorMeasurement) -> Double? { read(cell, tensor) }

    /// The cell's value under `aggregate` (`value(_:)` is the mean).
    public func value(_ cell: CellResult, _ aggregate: TensorAggregate) -> Double? {
        aggregate == .mean ? value(cell) : pooled(cell)
    }

    /// The metric of all of the cell's tensors taken as one (`TensorAggregate.pooled`), from
    /// the per-tensor sums each report implies: error energy = mse x count, signal energy =
    /// rms^2 x count (of the tensor the report measured), kernel and saturated counts, and the
    /// nonzero count that weighs the mean relative error. Nil for a metric that cannot be pooled.
    public func pooled(_ cell: CellResult) -> Double? {
        Self.pooling[id].flatMap { $0(cell) }
    }

    static let pooling: [String: @Sendable (CellResult) -> Double?] = [
        "bits": { $0.bitsPerElement },
        "qsnr_db": { pooledQSNR($0.tensors.map(\.original)) },
        "qsnr_rotated_db": { pooledQSNR($0.tensors.map(\.formatInput)) },
        "mse": { pooledMSE($0.tensors.map(\.original)) },
        "rmse": { pooledMSE($0.tensors.map(\.original)).squareRoot() },
        "max_abs_error": { $0.tensors.map(\.original.maxAbsError).max() },
        "mean_rel_error": { cell in
            let reports = cell.tensors.map(\.original).filter { $0.nonzeroCount > 0 }
            let weight = reports.reduce(0) { $0 + Double($1.nonzeroCount) }
            return weight == 0 ? .nan : reports.reduce(0) { $0 + $1.meanRelativeError * Double($1.nonzeroCount) } / weight
        },
        "kernel_share": { cell in
            let reports = cell.tensors.map(\.formatInput)
            let nonzero = reports.reduce(0) { $0 + $1.nonzeroCount }
            return nonzero == 0 ? .nan : Double(reports.reduce(0) { $0 + $1.kernelCount }) / Double(nonzero)
        },
        "saturated_share": { cell in
            let reports = cell.tensors.map(\.formatInput)
            let saturated = reports.compactMap(\.saturatedCount)
            guard saturated.count == reports.count else { return nil }
            return Double(saturated.reduce(0, +)) / Double(reports.reduce(0) { $0 + $1.count })
        },
        "crest": { cell in
            let stats = cell.tensors.map(\.formatInput.original)
            let count = Double(stats.reduce(0) { $0 + $1.count })
            let rms = (stats.reduce(0) { $0 + $1.rms * $1.rms * Double($1.count) } / count).squareRoot()
            return Measures.crestFactor(absMax: stats.map(\.absMax).max() ?? .nan, rms: rms)
        },
    ]

    /// 10 log10(sum of signal energies / sum of error energies).
    static func pooledQSNR(_ reports: [QuantizationErrorReport]) -> Double {
        let error = reports.reduce(0) { $0 + $1.mse * Double($1.count) }
        let signal = reports.reduce(0) { $0 + $1.original.rms * $1.original.rms * Double($1.count) }
        return Measures.qsnrDB(signalEnergy: signal, errorEnergy: error)
    }

    /// Sum of error energies / total count.
    static func pooledMSE(_ reports: [QuantizationErrorReport]) -> Double {
        reports.reduce(0) { $0 + $1.mse * Double($1.count) } / Double(reports.reduce(0) { $0 + $1.count })
    }
}
