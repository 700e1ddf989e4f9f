import Experiments
import Foundation
import Metrics
import Tensors
import Workflows

/// `quantlab_analyze`: `quantlab analyze` on an in-memory tensor. The tensor is written once to a
/// private temporary .npy and analyzed by `Workflows.Analysis` exactly as the CLI analyzes that
/// file (same checks, same messages, same numbers), then removed; messages name the data `array`
/// instead of the temporary path.
struct ArrayAnalysis {
    var analysis: Analysis
    var tensor: Tensor

    /// One format's results (snake_case in JSON).
    struct Cell: Encodable {
        var format: String
        var family: String
        var transform: String
        var rounding: String
        var bitsPerElement: Double
        /// Every `MetricColumn` by id (nil when undefined), the numbers of the CLI's CSV.
        var metrics: [String: Double?]
        /// The metric ids in CSV column order (JSON objects have no order of their own).
        var metricOrder: [String]
        var original: QuantizationErrorReport
        var rotated: QuantizationErrorReport?
        var nonfiniteReplaced: Int?
    }

    struct Output: Encodable { var cells: [Cell] }

    func run() throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantlab-analyze-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        } catch {
            throw CFailure(message: "cannot create a temporary folder in '\(folder.deletingLastPathComponent().path)': \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("array.npy").path
        do { try NPYFile.write(tensor, to: path) } catch { throw CFailure(message: "cannot write a temporary copy of the array: \(error)") }
        var fileAnalysis = analysis
        fileAnalysis.source = path
        let results: SweepResults
        do { results = try fileAnalysis.run() } catch {
            throw CArgumentError("\(error)".replacingOccurrences(of: path, with: "array"))
        }
        return Output(cells: results.cells.map { cell in
            let measured = cell.tensors.first
            return Cell(format: cell.format, family: cell.family, transform: cell.transform, rounding: cell.rounding,
                        bitsPerElement: cell.bitsPerElement,
                        metrics: Dictionary(uniqueKeysWithValues: MetricColumn.all.map { ($0.id, $0.value(cell)) }),
                        metricOrder: MetricColumn.all.map(\.id),
                        original: measured!.original, rotated: measured?.rotated, nonfiniteReplaced: measured?.nonFiniteReplaced)
        })
    }
}
