import Workflows
import ArgumentParser
import Experiments
import Reports

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep spec (YAML) and write Reports/NAME.md, .csv, .json and charts.",
        discussion: "Without a spec, runs the built-in default sweep (Experiments/default.yaml) into Reports/default.md. "
            + "Results are cached per cell under Reports/.cache/, so an interrupted sweep resumes and an unchanged rerun computes nothing."
    )

    @Argument(help: "The sweep spec (YAML); omitted, the built-in default sweep.")
    var spec: String?

    @OptionGroup var options: RunnerOptions

    @Option(help: "Run only slice i of n (cells with index mod n == i-1); join slices with `quantlab merge`.")
    var shard: String?

    func run() throws {
        try CommandErrors.report {
            let runner = options.runner()
            let job = SweepJob(specPath: spec, reportsDirectory: options.reports, runner: runner)
            let summary = try job.run(shard: shard.map { try Shard(parsing: $0) })
            CommandErrors.warn(summary.warnings)
            print("\(summary.name): \(summary.cells) cells (\(summary.computed) computed); wrote \(summary.files[0])")
        }
    }
}
