import Tensors

extension InputCache {
    /// The activations of tensor `name` of `cell`'s data entry (`DataInput.activationName`), under
    /// `cell`'s transform; each activations source is loaded once.
    func activations(for cell: SweepCell, tensor name: String) throws -> Tensor {
        guard let source = cell.data.activations, let wanted = cell.data.activationName(for: name) else {
            throw SpecValueError(message: "data '\(cell.data.name)' has no activations for tensor '\(name)' (give it `activations: SOURCE`)")
        }
        let tensors = try prepared("activations", source, digest: cell.data.activationsContent?.digest, for: cell) {
            "activations '\(source)', tensor '\($0)'"
        }
        guard let t = tensors.first(where: { $0.name == wanted }) else {
            throw SpecValueError(message: "activations '\(source)' hold no tensor '\(wanted)'")
        }
        return t.formatInput
    }
}
