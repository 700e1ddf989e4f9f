import Tensors

extension InputCache {
    /// The activations of `cell`'s data entry (one tensor), under `cell`'s transform, loaded once.
    func activations(for cell: SweepCell) throws -> Tensor {
        guard let source = cell.data.activations else {
            throw SpecValueError(message: "data '\(cell.data.name)' has no activations (give it `activations: SOURCE`)")
        }
        let loaded = try cached("activations:\(source);nonfinite:\(cell.allowNonFinite)") {
            let items = try Self.load(source, digest: cell.data.activationsContent?.digest)
            guard items.count == 1 else {
                throw SpecValueError(message: "activations '\(source)' of data '\(cell.data.name)' name \(items.count) tensors; name exactly one")
            }
            let clean = try NonFinitePolicy.apply(items[0].tensor, name: items[0].name, source: source.description, allow: cell.allowNonFinite)
            return [Prepared(name: items[0].name, original: clean.tensor, rotated: nil, nonFiniteReplaced: clean.replaced)]
        }
        guard let rotation = try cell.transform.rotation(seed: cell.seed) else { return loaded[0].original }
        return try cached("activations:\(source);nonfinite:\(cell.allowNonFinite);transform:\(cell.transform)") {
            if let problem = cell.transform.problem(rowLength: loaded[0].original.rowLength) {
                throw SpecValueError(message: "activations '\(source)': \(problem)")
            }
            var rotated = loaded[0]
            rotated.original = try rotation.apply(loaded[0].original)
            return [rotated]
        }[0].original
    }
}
