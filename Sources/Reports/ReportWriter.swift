import Experiments
import Foundation

/// Writes a sweep's report files, each atomically: `<dir>/<name>.md`, `.csv`, `.json` and the
/// chart SVGs beside them. Returns the paths written.
public enum ReportWriter {
    @discardableResult
    public static func write(results: SweepResults, spec: SweepSpec, name: String, directory: String) throws -> [String] {
        let body = ReportDocument.render(results: results, spec: spec, name: name)
        var files: [(String, String)] = [("\(name).md", body.markdown), ("\(name).csv", CSVExport.text(results))]
        files += body.charts.map { ($0.fileName, $0.svg) }
        var written: [String] = []
        for (file, text) in files {
            let path = "\(directory)/\(file)"
            try AtomicFile.write(text, to: path)
            written.append(path)
        }
        let json = "\(directory)/\(name).json"
        try AtomicFile.write(results.encoded(), to: json)
        return written + [json]
    }
}
