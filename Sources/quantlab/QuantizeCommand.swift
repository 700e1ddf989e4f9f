import Codes
import Experiments
import Foundation
import ArgumentParser
import Formats
import Tensors
import Workflows

struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Fake-quantize a .npy tensor (float16/32/64, C order) to a format; write float32 .npy, or the codes.",
        discussion: """
        Scaled formats form blocks along the last axis. With --codes, OUT holds the element codes \
        (uint8, or uint16 for formats over 8 bits; with --packed a 1-D uint8 bit stream, low bits first), \
        and a scaled format also writes OUT's stem + .scales.npy (one scale code per group, uint8 for \
        E8M0/E4M3 scales, the float32 scale for FP32), .tensor_scale.npy (float32, [1]) and, asymmetric, \
        .zero_points.npy, all written together or none. An E8M0 byte is the OCP MX shared exponent: with \
        integer elements (mxint8, mxint6, mxint4) an element code k means k/64 (k/16, k/4), as in OCP \
        MXINT8. `quantlab dequantize` reads them back; the round trip is exact.
        """
    )

    @Option(help: "Format spec (see `quantlab formats`).") var format: String
    @Argument(help: "Input .npy file.") var input: String
    @Option(name: .shortAndLong, help: "Output: FILE.npy (float32), FILE.safetensors (one F32 tensor named after the input, with metadata), or - for .npy on stdout; with --codes, FILE.npy.")
    var output: String
    @Option(help: "Rounding mode: nearest-even, nearest-away, toward-zero, toward-positive, toward-negative, stochastic.")
    var rounding = "nearest-even"
    @Option(help: "Seed for stochastic rounding.") var seed: UInt64 = 0
    @Flag(help: "Write codes instead of dequantized values.") var codes = false
    @Flag(help: "With --codes: pack codes narrower than 8 bits into a bit stream.") var packed = false

    /// Refuses an input whose quantization would not fit in memory (`MemoryNeed.quantize`).
    func checkMemory(codes: Bool, inPlace: Bool) throws {
        let elements = try TensorSource.npy(path: input).shapes().reduce(0) { $0 + (Shape.elementCount($1.shape) ?? Shape.maxElements) }
        try MemoryNeed.check(MemoryNeed.quantize(elements: elements, codes: codes, inPlace: inPlace), for: "quantize \(input)")
    }

    func run() throws {
        try CommandErrors.report {
            let mode = try RoundingMode(name: rounding)
            let spec = try FormatRegistry.tensorFormat(format)
            if codes {
                guard output.hasSuffix(".npy") else {
                    throw ValidationError("--codes writes .npy files (the codes and their scale files): -o must end in .npy, not '\(output)'")
                }
                for path in CodesFiles.paths(format: spec, path: output) { _ = try OutputTarget.resolve(path) }
                try checkMemory(codes: true, inPlace: false)
                let tensor = try NPYFile.read(path: input)
                try CodesFiles.write(format: spec, tensor: tensor, to: output, mode: mode, seed: seed, packed: packed)
            } else {
                let target = try TensorOutput(path: output)
                try checkMemory(codes: false, inPlace: spec.quantizesInPlace)
                var tensor = try NPYFile.read(path: input)
                let shape = tensor.shape
                try tensor.values.withUnsafeMutableBufferPointer { try spec.fakeQuantizeInPlace($0, shape: shape, mode: mode, seed: seed) }
                try target.write(tensor, command: "quantize", input: input, extra: [
                    "quantlab.format": format, "quantlab.rounding": mode.rawValue, "quantlab.seed": String(seed),
                ])
            }
        }
    }
}
