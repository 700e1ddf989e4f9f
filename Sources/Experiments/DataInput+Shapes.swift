import Formats
import Tensors

extension DataInput {
    /// Why a tensor of this data cannot take `transform` (rows not a multiple of the Hadamard
    /// block, or not a power of two for `hadamard:full`), naming the tensor; nil when all can.
    public func problem(with transform: TransformSpec) -> String? {
        for t in content.tensors {
            if let problem = transform.problem(rowLength: t.shape.last ?? 1) { return "\(describe(t)): \(problem)" }
        }
        return nil
    }

    /// Why a tensor of this data cannot take `format` (a block longer than its rows, a channel axis
    /// it does not have), naming the tensor; nil when all can.
    public func problem(withFormat format: any TensorFormat) -> String? {
        guard let scaled = format as? ScaledFormat else { return nil }
        for t in content.tensors + (gemm?.bContent.tensors ?? []) {
            do {
                _ = try GroupLayout(scaled.granularity, shape: t.shape, count: t.shape.reduce(1, *), spec: scaled.name)
            } catch {
                return "\(describe(t)): \(error)"
            }
        }
        return nil
    }

    /// "data 'w.npy' (shape (4, 16))", with the tensor's name when it is one of several or named
    /// differently from the source.
    func describe(_ t: TensorListing.Item) -> String {
        let shape = TensorError.shapeText(t.shape)
        if let gemm { return "data '\(name)' operand \(t.name == gemm.b.description ? "B" : "A") (shape \(shape))" }
        let tensor = t.name == source.description || t.name == name ? "" : ", tensor '\(t.name)'"
        return "data '\(name)'\(tensor) (shape \(shape))"
    }

    /// The note for tensors a glob or whole-file selection skipped, or nil.
    public var skippedNote: String? {
        guard !content.skipped.isEmpty else { return nil }
        let n = content.skipped.count
        let list = content.skipped.map { "\($0.name) (\($0.dtype))" }.joined(separator: ", ")
        return "data '\(name)': skipped \(n) \(n == 1 ? "tensor that is" : "tensors that are") not floating point: \(list)"
    }
}

extension SweepSpec {
    /// One note per data source whose selection skipped tensors (`DataInput.skippedNote`).
    public var dataNotes: [String] { data.compactMap(\.skippedNote) }
}
