import Experiments
import Foundation

/// Writes a sweep's report files as one set (`AtomicFile.write(_:)`: all published together, or on
/// failure none): `<dir>/<name>.md`, `.csv`, `.json` and the chart SVGs beside them. Returns the
/// paths written.
public enum ReportWriter {
    @discardableResult
    public static func write(results: SweepResults, spec: SweepSpec, name: String, directory: String) throws -> [String] {
        let body = ReportDocument.render(results: results, spec: spec, name: name)
        var files: [(String, String)] = [("\(name).md", body.markdown), ("\(name).csv", CSVExport.text(results))]
        files += body.charts.map { ($0.fileName, $0.svg) }
        let set = files.map { ("\(directory)/\($0.0)", Data($0.1.utf8)) } + [("\(directory)/\(name).json", try results.encoded())]
        try AtomicFile.write(set)
        return set.map(\.0)
    }
}
