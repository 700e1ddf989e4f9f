import Formats
import Metrics
import Tensors

/// Runs one cell: transform (cached), fake-quantize, rotate back, measure.
struct CellRunner {
    var cache: InputCache
    /// Worker threads for the metric reductions (nil: all cores); results do not depend on it.
    var concurrency: Int?

    func run(_ cell: SweepCell) throws -> CellResult {
        let format = cell.format.format
        let rotation = try cell.transform.rotation(seed: cell.seed)
        let measurements = try cache.tensors(for: cell).map { input -> TensorMeasurement in
            let x = input.formatInput
            let (q, clipLimit, search) = try quantize(format, x, tensor: input.name, cell: cell)
            let inputReport = try QuantizationErrorReport(original: x, quantized: q, blockSize: cell.blockSize,
                                                          clipLimit: clipLimit, concurrency: concurrency)
            let replaced = input.nonFiniteReplaced > 0 ? input.nonFiniteReplaced : nil
            guard let rotation else {
                return TensorMeasurement(name: input.name, shape: x.shape, original: inputReport, rotated: nil, nonFiniteReplaced: replaced, search: search)
            }
            let back = try rotation.invert(q)
            let original = try QuantizationErrorReport(original: input.original, quantized: back, blockSize: cell.blockSize,
                                                       concurrency: concurrency)
            return TensorMeasurement(name: input.name, shape: x.shape, original: original, rotated: inputReport, nonFiniteReplaced: replaced,
                                     search: search)
        }
        return CellResult(index: cell.index, hash: cell.hash, data: cell.data.name, source: cell.data.source.description,
                          transform: cell.transform.description, format: cell.format.spec,
                          family: cell.format.descriptor.family.rawValue, group: cell.format.descriptor.group,
                          rounding: cell.rounding.rawValue, bitsPerElement: format.bitsPerElement, tensors: measurements)
    }

    /// `x` fake-quantized in one pass, and where `saturated_share` counts an element as saturated,
    /// read from the scales that pass used (definition in Formats' `ScaledFormat+Saturation`; an
    /// unscaled format has scale 1). Nil limits for a tensor format type of unknown scaling.
    static func quantize(_ format: any TensorFormat, _ x: Tensor, mode: RoundingMode, seed: UInt64) throws -> (Tensor, ClipLimit?) {
        var out = [Float](repeating: 0, count: x.count)
        guard let scaled = format as? ScaledFormat else {
            try x.values.withUnsafeBufferPointer { input in
                try out.withUnsafeMutableBufferPointer { try format.fakeQuantize(input, shape: x.shape, into: $0, mode: mode, seed: seed) }
            }
            let limit: ClipLimit? = format is UnscaledFormat ? .tensor(format.element.saturationThreshold) : nil
            return (Tensor(shape: x.shape, values: out), limit)
        }
        let scales = try x.values.withUnsafeBufferPointer { input in
            try out.withUnsafeMutableBufferPointer { try scaled.quantize(input, shape: x.shape, into: $0, mode: mode, seed: seed) }
        }
        let (lower, upper) = scaled.saturationBounds(scales)
        let limit: ClipLimit
        switch scaled.granularity {
        case _ where scaled.asymmetric:
            limit = .perElementRange(lower: scales.layout.perElement(lower), upper: scales.layout.perElement(upper))
        case .tensor: limit = .tensor(upper[0])
        case let .block(size): limit = .perBlock(size: size, limits: upper)
        case .channel, .cross: limit = .perElement(scales.layout.perElement(upper))
        }
        return (Tensor(shape: x.shape, values: out), limit)
    }
}
