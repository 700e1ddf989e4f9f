import Workflows
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

    @OptionGroup var options: RunnerOptions

    @Flag(name: .customLong("allow-errors"), help: "Write a failing block's error into the output instead of stopping.")
    var allowErrors = false

    func run() throws {
        try CommandErrors.report {
            let runner = options.runner()
            let notebook = try Notebook(path: path)
            let summary = try NotebookRunner(reportsDirectory: options.reports, runner: runner, allowErrors: allowErrors).run(notebook)
            CommandErrors.warn(summary.warnings)
            let failures = summary.failed == 0 ? "" : ", \(summary.failed) failed"
            print("\(notebook.name): \(summary.blocks) blocks\(failures) (\(summary.computed) cells computed); wrote \(summary.files[0])")
            if summary.failed > 0 { throw ExitCode(1) }
        }
    }
}
