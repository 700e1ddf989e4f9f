import ArgumentParser

@main
struct QuantLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantlab",
        abstract: "Numerical-formats research workbench: quantize, verify against MPFR, measure, report.",
        subcommands: [
            FormatsCommand.self, QuantizeCommand.self, DequantizeCommand.self, VerifyCommand.self, AnalyzeCommand.self,
            SweepCommand.self, MergeCommand.self, NotebookCommand.self, BenchCommand.self, FuzzCommand.self, GemmCommand.self, BenchGemmCommand.self,
        ]
    )
}
