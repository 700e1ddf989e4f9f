import ArgumentParser
import Tensors

struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Seeded random-mutation fuzzing of the .npy and .safetensors readers (every input must parse or throw, never crash)."
    )

    @Option(help: "Mutated inputs to try.") var iterations = 1_000_000
    @Option(help: "Seed of the mutation stream.") var seed: UInt64 = 1

    func run() throws {
        let report = TensorFileFuzzer.run(iterations: iterations, seed: seed)
        let calls = report.accepted + report.rejected
        print("\(report.inputs) mutated inputs, \(calls) parser calls (.npy, .safetensors whole and by glob): "
            + "\(report.accepted) returned tensors, \(report.rejected) threw a clear error, none crashed")
    }
}
