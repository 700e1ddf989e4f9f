import Formats
import Metrics
import Tensors

extension CellRunner {
    /// `x` quantized by `format` with its saturation limits (`quantize(_:_:mode:seed:)`); a search
    /// format also gives its report, after binding the data entry's activations (in the cell's
    /// transform: `(XH)(WH)^T = X W^T`) when its objective needs them, and no limits (its groups'
    /// formats differ).
    func quantize(_ format: any TensorFormat, _ x: Tensor, tensor name: String, cell: SweepCell) throws -> (Tensor, ClipLimit?, SearchReport?) {
        guard var search = format as? SearchFormat else {
            let (q, limit) = try Self.quantize(format, x, mode: cell.rounding, seed: cell.roundingSeed)
            return (q, limit, nil)
        }
        if search.needsActivations {
            let a = try cache.activations(for: cell, tensor: name)
            search = try search.binding(SearchActivations(values: a.values, shape: a.shape))
        }
        let result = try x.values.withUnsafeBufferPointer { try search.search($0, shape: x.shape, mode: cell.rounding, seed: cell.roundingSeed) }
        return (Tensor(shape: x.shape, values: result.quantized), nil, result.report)
    }
}
