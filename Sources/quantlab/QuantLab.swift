import ArgumentParser
import Formats
import PlainText

@main
struct QuantLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantlab",
        abstract: "Numerical-formats research workbench: quantize, verify against MPFR, measure, report.",
        subcommands: [
            FormatsCommand.self, QuantizeCommand.self, DequantizeCommand.self, VerifyCommand.self, AnalyzeCommand.self,
            SweepCommand.self, MergeCommand.self, ClusterCommand.self, NotebookCommand.self, BenchCommand.self, FuzzCommand.self,
            ModelCommand.self, GemmCommand.self, BenchGemmCommand.self,
        ]
    )

    /// ArgumentParser's `main`, after checking that a first argument naming a command names a
    /// known one (else a usage error suggesting the nearest names).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if let first = arguments.first, !first.hasPrefix("-") {
                let names = configuration.subcommands.map { $0._commandName } + ["help"]
                if !names.contains(first) {
                    let nearest = EditDistance.suggestions(for: first, among: names)
                    let hint = nearest.isEmpty ? "" : "; did you mean \(nearest.joined(separator: ", "))?"
                    throw ValidationError("unknown command '\(Excerpt.of(first))'\(hint) (commands: \(names.joined(separator: ", ")))")
                }
            }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
