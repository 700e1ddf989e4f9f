import ArgumentParser

@main
struct QuantLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantlab",
        abstract: "Numerical-formats research workbench: quantize, verify against MPFR, measure, report.",
        subcommands: [FormatsCommand.self, QuantizeCommand.self, BenchCommand.self, SweepCommand.self, AnalyzeCommand.self, MergeCommand.self, NotebookCommand.self]
    )
}
