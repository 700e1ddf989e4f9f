import ArgumentParser
import Experiments
import Reports

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run every ```quantlab block of a markdown notebook and write the executed copy to Reports/NAME.md."
    )

    @Argument(help: "The notebook, e.g. Notebooks-md/int-vs-fp.md.")
    var path: String

    @Option(name: .customLong("reports"), help: "Directory for the executed notebook, its charts and the results cache.")
    var reports = "Reports"

    @Flag(help: "Recompute every cell, ignoring cached results.")
    var fresh = false

    @Flag(name: .customLong("allow-errors"), help: "Write a failing block's error into the output instead of stopping.")
    var allowErrors = false

    @Option(help: "Cells computed at once (default: all cores). Results do not depend on it.")
    var jobs: Int?

    func run() throws {
        try CommandErrors.report {
            var runner = SweepRunner(progress: ProgressReporter())
            if let jobs { runner.jobs = max(jobs, 1) }
            runner.fresh = fresh
            let notebook = try Notebook(path: path)
            let summary = try NotebookRunner(reportsDirectory: reports, runner: runner, allowErrors: allowErrors).run(notebook)
            CommandErrors.warn(summary.warnings)
            let failures = summary.failed == 0 ? "" : ", \(summary.failed) failed"
            print("\(notebook.name): \(summary.blocks) blocks\(failures) (\(summary.computed) cells computed); wrote \(summary.files[0])")
            if summary.failed > 0 { throw ExitCode(1) }
        }
    }
}
