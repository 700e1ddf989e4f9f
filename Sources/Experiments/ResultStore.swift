import Foundation
import Metrics
import Tensors

/// The per-cell results cache: one JSON file per cell, `<directory>/<cell-hash>.json`, written
/// atomically as each cell finishes, so an interrupted sweep resumes and an unchanged rerun reads
/// every cell back instead of computing it.
public struct ResultStore: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The usual store for a spec: `<reportsDirectory>/.cache/<spec results hash>/`.
    public init(reportsDirectory: String, spec: SweepSpec) {
        self.init(directory: "\(reportsDirectory)/.cache/\(spec.resultsHash.prefix(16))")
    }

    func path(for cell: SweepCell) -> String { "\(directory)/\(cell.hash.prefix(32)).json" }

    /// The stored result of `cell`, re-indexed to the cell's position; nil when absent, unreadable,
    /// or not the cell's intact result (another key, other coordinates, or content that does not
    /// match its checksum), so such an entry is recomputed and overwritten.
    public func load(_ cell: SweepCell) -> CellResult? {
        guard let data = FileManager.default.contents(atPath: path(for: cell)),
              var result = try? StrictJSON.decode(CellResult.self, from: data),
              result.mismatch(with: cell) == nil else { return nil }
        result.index = cell.index
        return result
    }

    /// Removes the temporaries that killed writers left in `reportsDirectory` (report files) and
    /// anywhere under its `.cache/` (cell results): those of writers that are not running and at
    /// least ten minutes old (`AtomicFileWriter.removeStaleTemporaries`), so a concurrent run's
    /// temporaries are never touched. Returns the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(reportsDirectory: String) -> [String] {
        AtomicFileWriter.removeStaleTemporaries(in: reportsDirectory, recursive: false)
            + AtomicFileWriter.removeStaleTemporaries(in: "\(reportsDirectory)/.cache", recursive: true)
    }

    /// Stores `result` for `cell` atomically.
    public func save(_ result: CellResult, for cell: SweepCell) throws {
        let data = try StrictJSON.encode(result)
        try AtomicFile.write(data, to: path(for: cell))
    }
}
