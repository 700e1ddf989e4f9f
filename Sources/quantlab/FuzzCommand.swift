import ArgumentParser
import Experiments
import Formats
import Tensors

struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Seeded random-mutation fuzzing of the .npy and .safetensors readers, the format-spec parser and the sweep-spec (YAML) reader: every input must be accepted or refused with an error, never crash.",
        discussion: "Each target gets --iterations inputs; the same --seed replays the same inputs. Run a debug build "
            + "(`swift run quantlab fuzz`) to fuzz with bounds and overflow checks on in every module."
    )

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case files, specs, yaml, all
    }

    @Option(help: "Mutated inputs to try per target.") var iterations = 1_000_000
    @Option(help: "Seed of the mutation stream.") var seed: UInt64 = 1
    @Option(help: "What to fuzz: files (.npy, .safetensors), specs (format specs), yaml (sweep specs), or all.") var target: Target = .all

    func run() throws {
        try CommandErrors.report {
            try ArgumentRange.check("--iterations", iterations, 0 ... 1_000_000_000)
            if target == .files || target == .all {
                let report = TensorFileFuzzer.run(iterations: iterations, seed: seed)
                let calls = report.accepted + report.rejected
                print("files: \(report.inputs) mutated inputs, \(calls) parser calls (.npy, .safetensors whole and by glob): "
                    + "\(report.accepted) returned tensors, \(report.rejected) threw a clear error, none crashed")
            }
            if target == .specs || target == .all {
                let report = FormatSpecFuzzer.run(iterations: iterations, seed: seed)
                print("specs: \(report.inputs) mutated format specs: \(report.accepted) accepted and used (quantize, codes, listing; "
                    + "\(report.useErrors) of them threw a clear error there), \(report.rejected) refused with a clear error, none crashed")
            }
            if target == .yaml || target == .all {
                let report = SweepSpecFuzzer.run(iterations: iterations, seed: seed)
                print("yaml: \(report.inputs) mutated sweep specs: \(report.accepted) accepted (cells expanded), "
                    + "\(report.rejected) refused with a clear error, none crashed")
            }
        }
    }
}
