import Tensors

/// The rule for NaN and infinite input values, shared by `quantlab sweep` and `quantlab analyze`:
/// by default such data is refused with an error naming the source, tensor and count; when allowed
/// (`allow_nonfinite: true`, `--allow-nonfinite`) each such value is replaced by 0 before any
/// transform or quantization, the count is kept in the cell's `TensorMeasurement.nonFiniteReplaced`
/// and the CLI prints it as a warning on stderr. Metrics therefore only ever see finite data.
public enum NonFinitePolicy {
    /// `tensor` with its non-finite values replaced by 0, and how many there were; throws
    /// `NonFiniteDataError` when there are some and `allow` is false.
    public static func apply(_ tensor: Tensor, name: String, source: String, allow: Bool) throws -> (tensor: Tensor, replaced: Int) {
        let count = tensor.nonFiniteCount
        guard count > 0 else { return (tensor, 0) }
        guard allow else { throw NonFiniteDataError(source: source, tensor: name, count: count, total: tensor.count) }
        var cleaned = tensor
        for i in cleaned.values.indices where !cleaned.values[i].isFinite { cleaned.values[i] = 0 }
        return (cleaned, count)
    }

    /// One warning line per (data, tensor) whose non-finite values were replaced, in cell order
    /// (each named once however many cells used it).
    public static func warnings(_ results: SweepResults) -> [String] {
        var seen: Set<String> = []
        var lines: [String] = []
        for cell in results.cells {
            for t in cell.tensors {
                guard let n = t.nonFiniteReplaced, seen.insert("\(cell.source)\n\(t.name)").inserted else { continue }
                let what = t.name == cell.source ? "data '\(cell.source)'" : "data '\(cell.source)', tensor '\(t.name)'"
                let total = t.shape.reduce(1, *)
                lines.append("\(what): \(n) of \(total) values were NaN or infinite and were replaced by 0 (allow-nonfinite)")
            }
        }
        return lines
    }
}
