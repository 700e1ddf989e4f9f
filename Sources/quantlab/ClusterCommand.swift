import ArgumentParser
import Foundation
import Workflows

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run a sweep as jobs on a cluster scheduler.",
        subcommands: [SlurmCommand.self]
    )
}

struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write (and with --submit submit) a Slurm job array running a sweep in N slices, then a merge job.",
        discussion: """
        Writes REPORTS/NAME.slurm.sh. `bash REPORTS/NAME.slurm.sh [--wait]` submits a job array: task i runs \
        `quantlab sweep SPEC --shard i/N` into REPORTS (each cell stored in REPORTS/.cache/ as it finishes); \
        a job depending on it (afterok) runs `quantlab merge` into REPORTS/NAME.md, byte-identical to a single run. \
        If a task fails the merge job is cancelled; submitting again recomputes only the missing cells. \
        REPORTS, the spec, its data files and the quantlab executable must be on a file system shared by \
        every node at the same path; jobs run in the current directory.
        """
    )

    @Argument(help: "The sweep spec (YAML).") var spec: String
    @Option(help: "Array tasks: the sweep runs in this many slices.") var shards: Int
    @Option(help: "Slurm partition (default: the cluster's default).") var partition: String?
    @Option(help: "Time limit per job, in Slurm's syntax (e.g. 30, 2:00:00, 1-12).") var time: String?
    @Option(help: "CPUs per task (also each task's --jobs).") var cpus = 1
    @Option(name: .customLong("reports"), help: "The shared results folder.") var reports = "Reports"
    @Option(help: "The quantlab executable the jobs run (default: this one).") var quantlab: String?
    @Flag(help: "Submit the job array and the merge job with sbatch.") var submit = false
    @Flag(help: "Submit, and return when the merge job ends, with its status (sbatch --wait).") var wait = false

    func run() throws {
        var status: Int32 = 0
        try CommandErrors.report {
            let resources = try SlurmResources(partition: partition, time: time, cpusPerTask: cpus)
            let sweep = SlurmSweep(specPath: spec, reportsDirectory: reports, shards: shards, resources: resources,
                                   quantlabPath: quantlab ?? SlurmSweep.runningExecutable)
            let script = try sweep.script()
            if submit || wait { _ = try SlurmSweep.sbatch() }
            try sweep.write(script)
            let next = submit || wait ? "" : "; submit it with: bash \(script.path)"
            print("wrote \(script.path): \(shards) array task\(shards == 1 ? "" : "s") of `quantlab sweep --shard i/\(shards)`, then a merge job\(next)")
            if submit || wait {
                fflush(stdout)  // before the script's own lines
                status = try sweep.submit(script, wait: wait)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
