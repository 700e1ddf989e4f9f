import Formats
import Metrics
import Tensors
import Transforms

/// Runs one cell: transform (cached), fake-quantize, rotate back, measure.
struct CellRunner {
    var cache: InputCache
    /// Worker threads for the metric reductions (nil: all cores); results do not depend on it.
    var concurrency: Int?

    func run(_ cell: SweepCell) throws -> CellResult {
        if let operands = cell.data.gemm, let accumulator = cell.accumulator { return try runGemm(cell, operands, accumulator) }
        let format = cell.format.format
        let rotation = try cell.transform.rotation(seed: cell.seed)
        // A Hadamard cell whose format's scales are slab-local rotates slab by slab
        // (`measureRotatedInSlabs`): its tensors are never rotated whole.
        let streamsRotation = rotation != nil && !(format is SearchFormat) && SlabQuantizer.slabLocal(format, rank: 2, givenTensorAmax: true)
        let inputs = streamsRotation ? try cache.unrotated(for: cell) : try cache.tensors(for: cell)
        let measurements = try inputs.map { prepared -> TensorMeasurement in
            var input = prepared
            let replaced = input.nonFiniteReplaced > 0 ? input.nonFiniteReplaced : nil
            if streamsRotation, let rotation {
                if SlabQuantizer.slabLocal(format, rank: input.original.shape.count, givenTensorAmax: true) {
                    let reports = try Self.measureRotatedInSlabs(format, input.original, rotation: rotation, mode: cell.rounding,
                                                                 seed: cell.roundingSeed, blockSize: cell.blockSize, concurrency: concurrency)
                    return TensorMeasurement(name: input.name, shape: input.original.shape, original: reports.original,
                                             rotated: reports.rotated, nonFiniteReplaced: replaced, search: nil)
                }
                input.rotated = try rotation.apply(input.original)
            }
            let x = input.formatInput
            if !(format is SearchFormat),
               let reports = try Self.measureInSlabs(format, x, rotation: rotation.map { ($0, input.original) }, mode: cell.rounding,
                                                     seed: cell.roundingSeed, blockSize: cell.blockSize, concurrency: concurrency) {
                return TensorMeasurement(name: input.name, shape: x.shape, original: reports.original, rotated: reports.rotated,
                                         nonFiniteReplaced: replaced, search: nil)
            }
            let (q, clipLimit, search) = try quantize(format, x, tensor: input.name, cell: cell)
            let inputReport = try QuantizationErrorReport(original: x, quantized: q, blockSize: cell.blockSize,
                                                          clipLimit: clipLimit, concurrency: concurrency)
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
        return (Tensor(shape: x.shape, values: out), clipLimit(scaled, scales))
    }

    /// Where a scaled format saturated, from the scales of its pass (`ScaledFormat+Saturation`), in
    /// the numbering of the elements those scales cover.
    static func clipLimit(_ scaled: ScaledFormat, _ scales: ScaledFormat.Scales) -> ClipLimit {
        let (lower, upper) = scaled.saturationBounds(scales)
        switch scaled.granularity {
        case _ where scaled.asymmetric:
            return .perElementRange(lower: scales.layout.perElement(lower), upper: scales.layout.perElement(upper))
        case .tensor: return .tensor(upper[0])
        case let .block(size): return .perBlock(size: size, limits: upper)
        case .channel, .cross: return .perElement(scales.layout.perElement(upper))
        }
    }

    /// The report of `x` quantized by `format`, measured slab by slab (`SlabQuantizer`) so that only
    /// one slab of quantized values exists at a time; the same numbers as quantizing the whole
    /// tensor and measuring it (`QuantizationErrorReport.Accumulator`). With a rotation, `x` is the
    /// rotated tensor: each quantized slab is measured against `x`, then rotated back in place
    /// (the rotation acts on each row alone) and measured against the original; `rotated` is then
    /// the report in the rotated domain. Nil when the format or the shape has no slab form.
    static func measureInSlabs(_ format: any TensorFormat, _ x: Tensor, rotation: (HadamardRotation, Tensor)? = nil, mode: RoundingMode,
                               seed: UInt64, blockSize: Int?, concurrency: Int?, slabElements: Int = SlabQuantizer.slabElements) throws
        -> (original: QuantizationErrorReport, rotated: QuantizationErrorReport?)? {
        guard rotation.map({ $0.1.shape == x.shape }) ?? true else { return nil }
        return try x.values.withUnsafeBufferPointer { input in
            guard let slabs = try SlabQuantizer(format, input: input, shape: x.shape, mode: mode, seed: seed) else { return nil }
            let stride = slabs.slabStride, first = x.shape[0], n = x.rowLength
            let rowsPerSlab = Swift.max(1, slabElements / stride)
            func accumulator() throws -> QuantizationErrorReport.Accumulator {
                try QuantizationErrorReport.Accumulator(count: x.count, rowLength: n, blockSize: blockSize, concurrency: concurrency)
            }
            var measure = try accumulator()
            var back = try rotation.map { _ in try accumulator() }
            var buffer = [Float](repeating: 0, count: Swift.min(rowsPerSlab, first) * stride)
            let unscaledLimit: ClipLimit? = (format as? UnscaledFormat).map { .tensor($0.element.saturationThreshold) }
            let original = rotation?.1.values ?? []
            try original.withUnsafeBufferPointer { original in
                try buffer.withUnsafeMutableBufferPointer { buffer in
                    for r0 in Swift.stride(from: 0, to: first, by: rowsPerSlab) {
                        let rows = r0 ..< Swift.min(r0 + rowsPerSlab, first), elements = r0 * stride ..< rows.upperBound * stride
                        let q = UnsafeMutableBufferPointer(rebasing: buffer[0 ..< rows.count * stride])
                        let scales = try slabs.quantize(input, rows: rows, into: q)
                        let limit = scales.map { Self.clipLimit(format as! ScaledFormat, $0) } ?? unscaledLimit
                        try measure.add(original: UnsafeBufferPointer(rebasing: input[elements]), quantized: UnsafeBufferPointer(q), clipLimit: limit)
                        if let (rotation, _) = rotation {
                            try rotation.invert(q, rowLength: n)
                            try back!.add(original: UnsafeBufferPointer(rebasing: original[elements]), quantized: UnsafeBufferPointer(q))
                        }
                    }
                }
            }
            let inRotatedDomain = try measure.report(original: input)
            guard let back else { return (inRotatedDomain, nil) }
            return (try original.withUnsafeBufferPointer { try back.report(original: $0) }, inRotatedDomain)
        }
    }
}
