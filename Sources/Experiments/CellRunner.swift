import Formats
import Metrics
import Tensors

/// Runs one cell: transform (cached), fake-quantize, rotate back, measure.
struct CellRunner {
    var cache: InputCache
    /// Worker threads for the metric reductions (nil: all cores); results do not depend on it.
    var concurrency: Int?

    func run(_ cell: SweepCell) throws -> CellResult {
        let format = try FormatRegistry.tensorFormat(cell.format)
        let rotation = try cell.transform.rotation(seed: cell.seed)
        let measurements = try cache.tensors(for: cell).map { input -> TensorMeasurement in
            let x = input.formatInput
            let (q, search) = try quantize(format, x, cell: cell)
            let inputReport = try QuantizationErrorReport(original: x, quantized: q, blockSize: cell.blockSize,
                                                          clipLimit: Self.clipLimit(format, x), concurrency: concurrency)
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
                          transform: cell.transform.description, format: cell.format, family: format.family,
                          group: Self.group(spec: cell.format, format: format),
                          rounding: cell.rounding.rawValue, bitsPerElement: format.bitsPerElement, tensors: measurements)
    }

    /// The largest magnitude `format` can represent for each element of `x`, so `saturated_share`
    /// counts the elements whose |x| exceeds it: the element maximum for an unscaled format, and
    /// element maximum x the scale of the element's group for a scaled one.
    static func clipLimit(_ format: any TensorFormat, _ x: Tensor) throws -> ClipLimit? {
        if let scaled = format as? ScaledFormat { return .perElement(try scaled.saturationLimits(x.values, shape: x.shape)) }
        if format is UnscaledFormat { return .tensor(Float(format.element.info.maxFinite)) }
        return nil
    }

    /// The chart group of a format: MX and NV named formats by their prefix, other scaled formats
    /// as `scaled <family>`, element formats by their family.
    static func group(spec: String, format: any TensorFormat) -> String {
        if format is UnscaledFormat { return format.family }
        let lower = spec.lowercased()
        if lower.hasPrefix("mx") { return "MX \(format.family)" }
        if lower.hasPrefix("nv") { return "NV \(format.family)" }
        return "scaled \(format.family)"
    }
}
