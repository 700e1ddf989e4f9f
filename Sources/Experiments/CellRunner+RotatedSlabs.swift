import Formats
import Metrics
import Tensors
import Transforms

extension CellRunner {
    /// The reports of a Hadamard cell whose format's scales are slab-local (`SlabQuantizer.slabLocal`,
    /// a second-level tensor scale allowed), without the rotated tensor ever being whole: the original
    /// `x` is rotated one slab at a time into a slab buffer, twice. The first pass takes the rotated
    /// tensor's first-pass statistics (sums, mean, max; `TensorStatistics.Stream`) and, for a second
    /// level, its finite amax (the max of the slabs'); the second its central moments and block crest
    /// factors, and quantizes the rotated slab with the scales the whole rotated tensor would give it,
    /// measures it in the rotated domain (with its clip limits), rotates it back in place and
    /// measures it against the original slab. The same numbers, bit for bit, as rotating the whole
    /// tensor and measuring it (`measureInSlabs`): the rotation acts on each row alone, the scales of
    /// a slab-local format depend on the slab alone, and every sum continues across slabs in the
    /// whole tensor's chunk order. Peak: x plus two slabs (rotated and quantized) and the scales.
    static func measureRotatedInSlabs(_ format: any TensorFormat, _ x: Tensor, rotation: HadamardRotation, mode: RoundingMode,
                                      seed: UInt64, blockSize: Int?, concurrency: Int?,
                                      slabElements: Int = SlabQuantizer.slabElements) throws
        -> (original: QuantizationErrorReport, rotated: QuantizationErrorReport) {
        let shape = x.shape, first = shape[0], n = x.rowLength
        let stride = x.count / first
        let rowsPerSlab = Swift.max(1, slabElements / stride)
        func accumulator() throws -> QuantizationErrorReport.Accumulator {
            try QuantizationErrorReport.Accumulator(count: x.count, rowLength: n, blockSize: blockSize, concurrency: concurrency)
        }
        var rotatedStatistics = try TensorStatistics.Stream(count: x.count, rowLength: n, blockSize: blockSize, concurrency: concurrency)
        var inRotatedDomain = try accumulator(), back = try accumulator()
        let slabCount = Swift.min(rowsPerSlab, first) * stride
        var rotatedSlab = [Float](repeating: 0, count: slabCount), quantizedSlab = [Float](repeating: 0, count: slabCount)
        let unscaledLimit: ClipLimit? = (format as? UnscaledFormat).map { .tensor($0.element.saturationThreshold) }
        // A second-level scale: the rotated tensor's finite amax, found in the first pass.
        let twoLevel = (format as? ScaledFormat)?.tensorScale ?? false
        var tensorAmax: Float = 0
        try x.values.withUnsafeBufferPointer { original in
            try rotatedSlab.withUnsafeMutableBufferPointer { rotatedSlab in
                try quantizedSlab.withUnsafeMutableBufferPointer { quantizedSlab in
                    for pass in 0 ..< 2 {
                        for r0 in Swift.stride(from: 0, to: first, by: rowsPerSlab) {
                            let rows = r0 ..< Swift.min(r0 + rowsPerSlab, first), elements = r0 * stride ..< rows.upperBound * stride
                            let r = UnsafeMutableBufferPointer(rebasing: rotatedSlab[0 ..< elements.count])
                            try rotation.apply(UnsafeBufferPointer(rebasing: original[elements]), into: r, rowLength: n)
                            let rotated = UnsafeBufferPointer(r)
                            try rotatedStatistics.add(rotated)
                            guard pass == 1 else {
                                if twoLevel { tensorAmax = Swift.max(tensorAmax, ScaledFormat.finiteAmax(rotated)) }
                                continue
                            }
                            var slabShape = shape
                            slabShape[0] = rows.count
                            guard let quantizer = try SlabQuantizer(format, input: rotated, shape: slabShape, mode: mode, seed: seed,
                                                                    elementOffset: elements.lowerBound,
                                                                    tensorAmax: twoLevel ? tensorAmax : nil) else {
                                throw SpecValueError(message: "'\(format.name)' has no slab form for shape \(shape)")
                            }
                            let q = UnsafeMutableBufferPointer(rebasing: quantizedSlab[0 ..< elements.count])
                            let scales = try quantizer.quantize(rotated, rows: 0 ..< rows.count, into: q)
                            let limit = scales.map { Self.clipLimit(format as! ScaledFormat, $0) } ?? unscaledLimit
                            try inRotatedDomain.add(original: rotated, quantized: UnsafeBufferPointer(q), clipLimit: limit)
                            try rotation.invert(q, rowLength: n)
                            try back.add(original: UnsafeBufferPointer(rebasing: original[elements]), quantized: UnsafeBufferPointer(q))
                        }
                    }
                }
            }
        }
        let originalDomain = try x.values.withUnsafeBufferPointer { try back.report(original: $0) }
        return (originalDomain, try inRotatedDomain.report(original: rotatedStatistics))
    }
}
