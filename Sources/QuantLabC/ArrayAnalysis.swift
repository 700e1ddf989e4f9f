import Experiments
import Foundation
import Metrics
import Tensors
import Workflows

/// `quantlab_analyze`: `quantlab analyze` on an in-memory tensor. The tensor is written once to a
/// temporary .npy and analyzed by `Workflows.Analysis` exactly as the CLI analyzes that file (same
/// checks, same messages, same numbers), then removed; messages name the data `array` instead of
/// the temporary file.
///
/// The path is fixed per user, `TMPDIR/quantlab-analyze-UID/array.npy`, because the sweep seeds
/// stochastic rounding from the cell's key, which names the data by its path (`SweepCell.key`): a
/// fixed path makes repeated calls give the same numbers. Calls therefore take turns on that file,
/// within the process (a lock) and across processes (`flock` on `.lock` beside it).
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

    private static let turn = NSLock()

    func run() throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantlab-analyze-\(geteuid())")
        let path = folder.appendingPathComponent("array.npy").path
        Self.turn.lock()
        defer { Self.turn.unlock() }
        let lock = try Self.lockFile(in: folder)
        defer { close(lock) }
        do { try NPYFile.write(tensor, to: path) } catch { throw CFailure(message: "cannot write a temporary copy of the array: \(error)") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        var fileAnalysis = analysis
        fileAnalysis.source = path
        let results: SweepResults
        do { results = try fileAnalysis.run() } catch {
            throw CArgumentError("\(error)".replacingOccurrences(of: path, with: "array").replacingOccurrences(of: "array.npy", with: "array"))
        }
        return Output(cells: results.cells.map { cell in
            let measured = cell.tensors[0]
            return Cell(format: cell.format, family: cell.family, transform: cell.transform, rounding: cell.rounding,
                        bitsPerElement: cell.bitsPerElement,
                        metrics: Dictionary(uniqueKeysWithValues: MetricColumn.all.map { ($0.id, $0.value(cell)) }),
                        metricOrder: MetricColumn.all.map(\.id),
                        original: measured.original, rotated: measured.rotated, nonfiniteReplaced: measured.nonFiniteReplaced)
        })
    }

    /// Creates `folder` (owner-only) if needed and returns a descriptor of `folder/.lock` holding
    /// an exclusive `flock`, which the kernel releases if the process dies.
    static func lockFile(in folder: URL) throws -> Int32 {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CFailure(message: "cannot create the temporary folder '\(folder.path)': \(error.localizedDescription)")
        }
        let descriptor = open(folder.appendingPathComponent(".lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CFailure(message: "cannot open '\(folder.path)/.lock': \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw CFailure(message: "cannot lock '\(folder.path)/.lock': \(String(cString: strerror(errno)))")
            }
        }
        return descriptor
    }
}
