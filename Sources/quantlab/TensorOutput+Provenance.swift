import Experiments
import Foundation
import Tensors

extension TensorOutput {
    /// Writes the result of `command` on `input`: the tensor named after the input file's base
    /// name, with the `quantlab.*` metadata (command, source, version, plus `extra`) that
    /// safetensors outputs carry.
    func write(_ tensor: Tensor, command: String, input: String, extra: [String: String]) throws {
        let name = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
        let metadata = ["quantlab.command": command, "quantlab.source": input, "quantlab.version": QuantLabVersion.string]
        try write(tensor, name: name, metadata: metadata.merging(extra) { $1 })
    }
}
