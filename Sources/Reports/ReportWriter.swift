import Experiments
import Foundation

/// Writes a sweep's report files as one set (`AtomicFile.write(_:)`: all published together, or on
/// failure none): `<dir>/<name>.md`, `.csv`, `.json` and the chart SVGs beside them, after
/// `ReportManifest.claim` (no other report's files are replaced), then records them and removes the
/// previous run's charts that this one no longer draws. `source` defaults to the spec's file.
/// Returns the paths written.
public enum ReportWriter {
    @discardableResult
    public static func write(results: SweepResults, spec: SweepSpec, name: String, directory: String,
                             source: ReportSource? = nil) throws -> [String] {
        let body = ReportDocument.render(results: results, spec: spec, name: name)
        var files: [(String, String)] = [("\(name).md", body.markdown), ("\(name).csv", CSVExport.text(results))]
        files += body.charts.map { ($0.fileName, $0.svg) }
        let owner = source ?? .sweep(spec.file, reportsDirectory: directory)
        let names = files.map(\.0) + ["\(name).json"]
        let stale = try ReportManifest.claim(name: name, source: owner, files: names, directory: directory)
        let set = files.map { ("\(directory)/\($0.0)", Data($0.1.utf8)) } + [("\(directory)/\(name).json", try results.encoded())]
        try AtomicFile.write(set)
        try ReportManifest.publish(name: name, source: owner, files: names, stale: stale, directory: directory)
        return set.map(\.0)
    }
}
