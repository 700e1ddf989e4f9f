import Codes
import ArgumentParser
import Formats
import Tensors

struct DequantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dequantize",
        abstract: "Decode codes written by `quantize --codes` (and their scale files) back to float32 values.",
        discussion: "The result equals what `quantize` without --codes writes, bit for bit."
    )

    @Option(help: "The format the codes were written in.") var format: String
    @Argument(help: "Codes .npy written by `quantize --codes`.") var input: String
    @Option(name: .shortAndLong, help: "Output .npy file (float32).") var output: String
    @Option(help: "Shape of packed codes (--packed), e.g. 64x4096.") var shape: String?

    func run() throws {
        try CommandErrors.report {
            let spec = try FormatRegistry.tensorFormat(format)
            let packedShape = try shape.map(Self.parseShape)
            try CodesFiles.checkWritable(output)
            let tensor = try CodesFiles.read(format: spec, from: input, shape: packedShape)
            try NPYFile.write(tensor, to: output)
        }
    }

    static func parseShape(_ text: String) throws -> [Int] {
        let dims = text.split(separator: "x").map { Int($0) }
        guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("bad --shape '\(text)': expected positive sizes joined by x, e.g. 64x4096")
        }
        return dims.map { $0! }
    }
}
