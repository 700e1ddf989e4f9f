import Codes
import Experiments
import Foundation
import ArgumentParser
import Formats
import Tensors
import Workflows

struct DequantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dequantize",
        abstract: "Decode codes written by `quantize --codes` (and their scale files) back to float32 values.",
        discussion: "The result equals what `quantize` without --codes writes, bit for bit."
    )

    @Option(help: "The format the codes were written in.") var format: String
    @Argument(help: "Codes .npy written by `quantize --codes`.") var input: String
    @Option(name: .shortAndLong, help: "Output: FILE.npy (float32), FILE.safetensors (one F32 tensor named after the input, with metadata), or - for .npy on stdout.")
    var output: String
    @Option(help: "Shape of packed codes (--packed), e.g. 64x4096.") var shape: String?

    func run() throws {
        try CommandErrors.report {
            let spec = try FormatRegistry.tensorFormat(format)
            let packedShape = try shape.map(Self.parseShape)
            let target = try TensorOutput(path: output)
            let stored = try TensorSource.npy(path: input).shapes()[0].shape
            let elements = Shape.elementCount(packedShape ?? stored) ?? Shape.maxElements
            try MemoryNeed.check(MemoryNeed.dequantize(elements: elements), for: "dequantize \(input)")
            let tensor = try CodesFiles.read(format: spec, from: input, shape: packedShape)
            let name = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            try target.write(tensor, name: name, metadata: ["quantlab.command": "dequantize", "quantlab.format": format, "quantlab.source": input,
                                                            "quantlab.version": QuantLabVersion.string])
        }
    }

    static func parseShape(_ text: String) throws -> [Int] {
        let dims = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("bad --shape '\(text)': expected positive sizes joined by x, e.g. 64x4096")
        }
        let shape = dims.map { $0! }
        guard Shape.elementCount(shape) != nil else {
            throw ValidationError("bad --shape '\(text)': more than \(Shape.maxElements) elements")
        }
        return shape
    }
}
