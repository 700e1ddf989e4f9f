import Experiments
import Foundation
import Reports
import Tensors

/// `quantlab analyze --output FILE`: CSV (the sweep's `CSVExport`, one row per format) or JSON (the
/// sweep's results file), chosen by the extension, written atomically; `-` writes the CSV to
/// standard output.
public enum AnalysisOutput {
    public enum Kind: String, Sendable { case csv, json }

    /// The kind for `path`'s extension (CSV for `-`); throws `AnalysisError` naming the path
    /// otherwise, or `TensorError` when the path cannot be written (`OutputTarget`).
    public static func kind(of path: String) throws -> Kind {
        if path == "-" { return .csv }
        let ext = (path as NSString).pathExtension.lowercased()
        guard let kind = Kind(rawValue: ext) else {
            throw AnalysisError("bad --output '\(path)': unknown extension '\(ext)' (expected .csv or .json)")
        }
        // A path in an existing folder is checked now (a directory, an unwritable file); a missing
        // folder is created when writing.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path  // not NSString's: it traps on "out.csv"
        if FileManager.default.fileExists(atPath: folder) { _ = try OutputTarget.resolve(path) }
        return kind
    }

    /// Writes `results` to `path` in the format its extension names.
    public static func write(_ results: SweepResults, to path: String) throws {
        switch try kind(of: path) {
        case .csv where path == "-": try FileHandle.standardOutput.write(contentsOf: Data(CSVExport.text(results).utf8))
        case .csv: try AtomicFile.write(CSVExport.text(results), to: path)
        case .json: try AtomicFile.write(results.encoded(), to: path)
        }
    }
}
