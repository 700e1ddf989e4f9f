import Tensors

extension InputCache {
    /// The activations of tensor `name` of `cell`'s data entry (`DataInput.activationName`), under
    /// `cell`'s transform; each activations source is loaded once.
    func activations(for cell: SweepCell, tensor name: String) throws -> Tensor {
        guard let source = cell.data.activations, let wanted = cell.data.activationName(for: name) else {
            throw SpecValueError(message: "data '\(cell.data.name)' has no activations for tensor '\(name)' (give it `activations: SOURCE`)")
        }
        let loaded = try cached("activations:\(source);nonfinite:\(cell.allowNonFinite)") {
            try Self.load(source, digest: cell.data.activationsContent?.digest).map { item in
                let clean = try NonFinitePolicy.apply(item.tensor, name: item.name, source: source.description, allow: cell.allowNonFinite)
                return Prepared(name: item.name, original: clean.tensor, rotated: nil, nonFiniteReplaced: clean.replaced)
            }
        }
        guard let rotation = try cell.transform.rotation(seed: cell.seed) else {
            return try Self.pick(wanted, from: loaded, source: source)
        }
        let rotated = try cached("activations:\(source);nonfinite:\(cell.allowNonFinite);transform:\(cell.transform)") {
            try loaded.map { p in
                if let problem = cell.transform.problem(rowLength: p.original.rowLength) {
                    throw SpecValueError(message: "activations '\(source)', tensor '\(p.name)': \(problem)")
                }
                var r = p
                r.original = try rotation.apply(p.original)
                return r
            }
        }
        return try Self.pick(wanted, from: rotated, source: source)
    }

    static func pick(_ name: String, from tensors: [Prepared], source: TensorSource) throws -> Tensor {
        guard let t = tensors.first(where: { $0.name == name }) else {
            throw SpecValueError(message: "activations '\(source)' hold no tensor '\(name)'")
        }
        return t.original
    }
}
