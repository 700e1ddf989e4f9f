import Workflows
import ArgumentParser
import Experiments
import Foundation
import Reports

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Every metric of each format on one tensor source (the one-tensor version of the sweep).",
        discussion: "SOURCE is a tensor source: a distribution call such as 'normal(shape=64x4096)', a .npy file, or "
            + "model.safetensors[:glob][;exclude=GLOB,...][;rank=N][;dtype=F32,...] (several tensors: the mean of the per-tensor values "
            + "and the pooled QSNR; --output files have one row per tensor). NaN or infinite input values are an error "
            + "unless --allow-nonfinite, which replaces them by 0 and reports the count on stderr."
    )

    @Option(name: .customLong("format"), help: ArgumentHelp("A format spec (repeatable; see `quantlab formats`).", valueName: "SPEC")) var formats: [String] = []
    @Argument(help: ArgumentHelp("The tensor source.", valueName: "SOURCE")) var source: String
    @Option(help: ArgumentHelp("Blockwise Hadamard rotation before quantizing: a power-of-two block size K, or 'full' (whole rows).", valueName: "K|full")) var hadamard: String?
    @Option(name: .customLong("random-signs"), help: ArgumentHelp("Random sign flips on the Hadamard rotation, seeded by SEED.", valueName: "SEED")) var randomSigns: UInt64?
    @Option(help: ArgumentHelp("Rounding mode: nearest-even, nearest-away, toward-zero, toward-positive, toward-negative, stochastic.", valueName: "MODE"))
    var rounding = "nearest-even"
    @Option(help: ArgumentHelp("Seed for synthetic data without its own seed and for stochastic rounding.", valueName: "N")) var seed: UInt64 = 0
    @Option(name: .customLong("block-size"), help: ArgumentHelp("Block length of the block crest factor.", valueName: "B")) var blockSize = 32
    @Flag(name: .customLong("allow-nonfinite"), help: "Replace NaN and infinite input values by 0 (counted on stderr) instead of failing.")
    var allowNonFinite = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Also write every metric to FILE.csv or FILE.json (by extension); - writes the CSV to stdout instead of the table.", valueName: "FILE")) var output: String?

    func run() throws {
        try CommandErrors.report {
            try ArgumentRange.check("--block-size", blockSize, SweepChecks.blockSizes)
            let analysis = Analysis(formats: formats, source: source, hadamard: hadamard, randomSigns: randomSigns,
                                    rounding: rounding, seed: seed, blockSize: blockSize, allowNonFinite: allowNonFinite)
            if let output { _ = try AnalysisOutput.kind(of: output) }
            let results = try analysis.run()
            CommandErrors.warn(try analysis.spec().dataNotes + NonFinitePolicy.warnings(results))
            if output != "-" { print(AnalysisTable.text(results), terminator: "") }
            if let output { try AnalysisOutput.write(results, to: output) }
        }
    }
}
