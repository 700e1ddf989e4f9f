import Formats

extension SweepSpec {
    /// The first problem of a search with `objective=output` and the data it meets, found when the
    /// spec is read: the data entry names no activations, a weight tensor has no activations
    /// (`DataInput.activationName`), or their rows (in features) differ from the weight's; nil when
    /// there is none.
    public static func activationProblem(data: [DataInput], formats: [ParsedFormat], cells: [CellChoice]?) -> String? {
        let pairs = cells.map { $0.map { ($0.data, $0.format) } } ?? data.indices.flatMap { d in formats.map { (d, $0) } }
        for (d, f) in pairs {
            guard let search = f.format as? SearchFormat, search.needsActivations else { continue }
            let input = data[d]
            guard let source = input.activations, let content = input.activationsContent else {
                return "format '\(f.spec)' (objective=output) needs the layer's input activations, but data '\(input.name)' has none"
            }
            for w in input.content.tensors {
                guard let name = input.activationName(for: w.name), let x = content.tensors.first(where: { $0.name == name }) else {
                    return "activations '\(source)' of data '\(input.name)' hold no tensor for \(input.describe(w)): "
                        + "name one tensor, or hold NAME.input for each weight NAME.weight"
                }
                if w.shape.count < 2 || w.shape.last != x.shape.last {
                    return "format '\(f.spec)': \(input.describe(w)) is not [out, in] with in = \(x.shape.last ?? 0), the row length of activations '\(name)'"
                }
            }
        }
        return nil
    }
}
