import ArgumentParser
import Experiments

/// The options every command that runs sweep cells shares.
struct RunnerOptions: ParsableArguments {
    @Option(name: .customLong("reports"), help: "Directory for reports, their charts and the results cache.")
    var reports = "Reports"

    @Flag(help: "Recompute every cell, ignoring cached results.")
    var fresh = false

    @Option(help: "Cells computed at once (default: all cores). Results do not depend on it.")
    var jobs: Int?

    /// A runner with progress on stderr and these settings.
    func runner() -> SweepRunner {
        var runner = SweepRunner(progress: ProgressReporter())
        if let jobs { runner.jobs = max(jobs, 1) }
        runner.fresh = fresh
        return runner
    }
}
