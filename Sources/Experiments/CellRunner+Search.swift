import Formats
import Tensors

extension CellRunner {
    /// `x` quantized by `format`; a search format also gives its report, after binding the data
    /// entry's activations (in the cell's transform: `(XH)(WH)^T = X W^T`) when its objective needs them.
    func quantize(_ format: any TensorFormat, _ x: Tensor, cell: SweepCell) throws -> (Tensor, SearchReport?) {
        guard var search = format as? SearchFormat else {
            return (Tensor(shape: x.shape, values: try format.fakeQuantize(x.values, shape: x.shape, mode: cell.rounding, seed: cell.roundingSeed)), nil)
        }
        if search.needsActivations {
            let a = try cache.activations(for: cell)
            search = try search.binding(SearchActivations(values: a.values, shape: a.shape))
        }
        let result = try x.values.withUnsafeBufferPointer { try search.search($0, shape: x.shape, mode: cell.rounding, seed: cell.roundingSeed) }
        return (Tensor(shape: x.shape, values: result.quantized), result.report)
    }
}
