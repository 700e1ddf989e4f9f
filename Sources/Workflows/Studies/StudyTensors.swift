import Tensors

/// The tensors a study reads from safetensors files (the `minilm-files` layout).
enum StudyTensors {
    /// Every tensor of `path` selected by `select` (a name or glob), by name.
    static func read(_ path: String, _ select: String? = nil) throws -> [(name: String, tensor: Tensor)] {
        try SafetensorsFile.read(path: path, select: select)
    }

    /// The linear layers: each 2-D weight `NAME.weight` of `weights` with its input `NAME.input` of
    /// `activations`, in the weights file's order.
    static func linears(weights: String, activations: String) throws -> [(name: String, weight: Tensor, input: Tensor)] {
        let inputs = Dictionary(try read(activations, "*.input").map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        return try read(weights, "layer.*.weight").compactMap { name, w in
            let base = String(name.dropLast(".weight".count))
            guard w.shape.count == 2, let x = inputs[base + ".input"], x.shape.last == w.shape.last else { return nil }
            return (base, w, x)
        }
    }
}
