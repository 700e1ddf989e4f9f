import Experiments
import Foundation
import Reports

/// Executes a notebook: parses every block first (so a spec error stops the run before any
/// work; study blocks that write files, `StudyRunner.providers`, run before the sweep blocks are
/// read, because reading a sweep reads its data), runs each block (sweeps through the results
/// cache, studies by `StudyRunner`), and writes `<reports>/<name>.md` with the prose kept and each
/// block followed by its findings, tables and charts (`<name>-b<k>-<chart>.svg`).
public struct NotebookRunner: Sendable {
    public var reportsDirectory: String
    public var runner: SweepRunner
    /// Write a failing block's error into the output instead of stopping (like nbconvert's
    /// `--allow-errors`); the spec of every block is still parsed first.
    public var allowErrors: Bool

    public init(reportsDirectory: String = "Reports", runner: SweepRunner = SweepRunner(), allowErrors: Bool = false) {
        self.reportsDirectory = reportsDirectory
        self.runner = runner
        self.allowErrors = allowErrors
    }

    /// What a run wrote.
    public struct Summary: Sendable {
        public var blocks: Int
        public var failed: Int
        public var computed: Int
        public var files: [String]
        /// `NonFinitePolicy.warnings` of every block (non-finite input values replaced by 0).
        public var warnings: [String] = []
    }

    public func run(_ notebook: Notebook) throws -> Summary {
        let sources = SourceIndex(file: "\(reportsDirectory)/.cache/sources.json")
        ResultStore.removeStaleTemporaries(reportsDirectory: reportsDirectory)
        // Study blocks are read first; those that write files (`StudyRunner.providers`) run before
        // the sweep blocks are read, since reading a sweep reads its data files.
        var studies: [Int: Result<StudyOutput, Error>] = [:]
        for (i, segment) in notebook.segments.enumerated() {
            guard case let .block(yaml, line) = segment, StudySpec.isStudy(yaml) else { continue }
            let study = try StudySpec(yaml: yaml, file: notebook.path, line: line)
            if StudyRunner.providers.contains(study.kind) {
                studies[i] = Result { try StudyRunner.run(study) }
                if !allowErrors { _ = try studies[i]!.get() }
            }
        }
        let specs = try notebook.segments.enumerated().map { i, segment -> Result<SweepSpec, Error>? in
            guard case let .block(yaml, line) = segment, !StudySpec.isStudy(yaml) else { return nil }
            let parsed = Result { try Self.spec(yaml: yaml, line: line, file: notebook.path, sources: sources) }
            if !allowErrors { _ = try parsed.get() }
            return parsed
        }
        var md = "<!-- Executed by `quantlab notebook \(notebook.path)`: QuantLab \(QuantLabVersion.string), MPFR \(SweepRunner.linkedMPFRVersion). Edit the source notebook, not this file. -->\n"
        var files: [(String, String)] = []
        var block = 0, failed = 0, computed = 0
        var warnings: [String] = []
        for (i, (segment, spec)) in zip(notebook.segments, specs).enumerated() {
            switch segment {
            case let .prose(text):
                md += text + "\n"
            case let .block(yaml, line):
                block += 1
                md += ReportDocument.fenced(yaml, language: "yaml") + "\n"
                if spec == nil {
                    do {
                        let output = try (studies[i] ?? Result { try StudyRunner.run(try StudySpec(yaml: yaml, file: notebook.path, line: line)) }).get()
                        // A study links its charts by their own names: point the links at the written files.
                        let prefix = "\(notebook.name)-b\(block)-"
                        md += output.charts.reduce(output.markdown) { $0.replacingOccurrences(of: "](\($1.fileName))", with: "](\(prefix)\($1.fileName))") }
                        files += output.charts.map { (prefix + $0.fileName, $0.svg) }
                    } catch {
                        guard allowErrors else { throw error }
                        failed += 1
                        md += "> **This block did not run:** \(error)\n\n"
                    }
                    continue
                }
                do {
                    let spec = try spec!.get()
                    try MemoryNeed.check(try MemoryNeed.sweep(spec, jobs: runner.jobs), for: "\(notebook.path) block \(block)")
                    var runner = self.runner.recordingLinkedVersions()
                    runner.store = ResultStore(reportsDirectory: reportsDirectory, spec: spec)
                    let outcome = try runner.run(spec)
                    computed += outcome.computed
                    warnings += (spec.dataNotes + NonFinitePolicy.warnings(outcome.results)).filter { !warnings.contains($0) }
                    let body = ReportBody(results: outcome.results, spec: spec, chartBase: "\(notebook.name)-b\(block)", level: 4)
                    md += body.markdown
                    files += body.charts.map { ($0.fileName, $0.svg) }
                } catch {
                    guard allowErrors else { throw error }
                    failed += 1
                    md += "> **This block did not run:** \(error)\n\n"
                }
            }
        }
        // The page and its charts together, or none.
        let written = try ReportWriter.publish(([("\(notebook.name).md", md)] + files).map { ($0.0, Data($0.1.utf8)) }, report: notebook.name,
                                               source: .notebook(notebook.path, reportsDirectory: reportsDirectory), directory: reportsDirectory)
        return Summary(blocks: block, failed: failed, computed: computed, files: written, warnings: warnings)
    }

    /// Parses a block; lines in errors are the notebook's (the YAML is offset to its place).
    static func spec(yaml: String, line: Int, file: String, sources: SourceIndex = .shared) throws -> SweepSpec {
        var spec = try SweepSpec(yaml: String(repeating: "\n", count: line - 1) + yaml, file: file, sources: sources)
        spec.text = yaml
        return spec
    }
}
