import Workflows
import ArgumentParser
import Reports

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the results files of `quantlab sweep --shard i/n` runs into the report a single run writes."
    )

    @Option(help: "The sweep spec the shards ran; omitted, the built-in default sweep.")
    var spec: String?

    @Option(name: .customLong("reports"), help: "Directory for the merged report.")
    var reports = "Reports"

    @Argument(help: "Shard results files (Reports/NAME.shard-I-of-N.json).")
    var files: [String]

    func run() throws {
        try CommandErrors.report {
            let summary = try SweepJob(specPath: spec, reportsDirectory: reports).merge(files)
            print("\(summary.name): merged \(files.count) files, \(summary.cells) cells; wrote \(summary.files[0])")
        }
    }
}
