extension QuantizationErrorReport {
    /// A report measured from a tensor given in pieces of whole rows, in order: the streamed form of
    /// `init(original:quantized:...)` (which is one piece), so that a caller can quantize a large
    /// tensor slab by slab and hold one slab of the quantized values instead of all of them.
    ///
    /// The result is bit-identical however the tensor is cut: the element-wise sums are kept per
    /// fixed chunk of `ChunkedReduction.chunkSize` elements of the whole tensor, a chunk cut by a
    /// piece boundary continues its sums in index order in the next piece (`ErrorSums.add`), and
    /// the chunks are combined in chunk order at the end; the kernel and saturation counts are
    /// integers. Statistics of the original alone (`TensorStatistics`, block crest factors) are
    /// taken from the whole original tensor at the end, or streamed beside it (`report(original:)`
    /// with a `TensorStatistics.Stream`) when the original is never whole either.
    public struct Accumulator {
        public let count: Int
        public let rowLength: Int
        public let blockSize: Int?
        public let concurrency: Int?
        /// Elements added so far (the next piece starts here).
        public private(set) var added = 0
        var slots: [ErrorSums]
        var kernel: KernelShare
        /// Whether the pieces carried clip limits: all or none.
        var clipped: Bool?

        /// A tensor of `count` elements read as rows of `rowLength`. Throws `MetricsError` for a row
        /// length that does not divide the count or a block size below 1.
        public init(count: Int, rowLength: Int, blockSize: Int? = nil, concurrency: Int? = nil) throws {
            try QuantizationErrorReport.validate(originalCount: count, quantizedCount: count, rowLength: rowLength, blockSize: blockSize)
            self.count = count
            self.rowLength = rowLength
            self.blockSize = blockSize
            self.concurrency = concurrency
            slots = [ErrorSums](repeating: ErrorSums(), count: (count + ChunkedReduction.chunkSize - 1) / ChunkedReduction.chunkSize)
            kernel = KernelShare(rowCount: count / rowLength, rowLength: rowLength)
        }

        /// Adds the next piece: `x` and `q` hold the same whole rows, the ones after those added so
        /// far; `clipLimit` (if any) is in the piece's own element numbering.
        public mutating func add(original x: UnsafeBufferPointer<Float>, quantized q: UnsafeBufferPointer<Float>,
                                 clipLimit: ClipLimit? = nil) throws {
            try QuantizationErrorReport.validate(originalCount: x.count, quantizedCount: q.count, rowLength: rowLength, blockSize: blockSize)
            guard added + x.count <= count else { throw MetricsError.countMismatch(original: count, quantized: added + x.count) }
            guard clipped == nil || clipped == (clipLimit != nil) else {
                throw MetricsError.clipLimitCountMismatch(given: clipLimit == nil ? 0 : 1, expected: clipped! ? 1 : 0)
            }
            try clipLimit?.validate(count: x.count, rowLength: rowLength)
            clipped = clipLimit != nil
            let start = added, end = added + x.count, size = ChunkedReduction.chunkSize
            let first = start / size, chunks = x.count == 0 ? 0 : (end - 1) / size - first + 1
            let n = rowLength
            slots.withUnsafeMutableBufferPointer { slots in
                ChunkedReduction.forEach(count: chunks, chunkSize: 1, concurrency: concurrency) { range in
                    for c in range {
                        let lo = Swift.max((first + c) * size, start) - start, hi = Swift.min((first + c + 1) * size, end) - start
                        slots[first + c].add(x.baseAddress! + lo, q.baseAddress! + lo, count: hi - lo)
                        slots[first + c].saturated += clipLimit?.countSaturated(x, in: lo ..< hi, rowLength: n) ?? 0
                    }
                }
            }
            kernel.count(original: x, quantized: q, firstRow: start / n, concurrency: concurrency)
            added = end
        }

        /// The report, once every element was added; `x` is the whole original tensor.
        public func report(original x: UnsafeBufferPointer<Float>) throws -> QuantizationErrorReport {
            guard added == count, x.count == count else { throw MetricsError.countMismatch(original: x.count, quantized: added) }
            let sums = slots.reduce(into: ErrorSums()) { $0.add($1) }
            return QuantizationErrorReport(sums: sums, kernel: kernel, saturated: clipped == true, original: x, rowLength: rowLength,
                                           blockSize: blockSize, concurrency: concurrency)
        }

        /// The report, once every element was added, with the original's statistics streamed too
        /// (`TensorStatistics.Stream`, the same numbers as from the whole original).
        public func report(original stream: TensorStatistics.Stream) throws -> QuantizationErrorReport {
            guard added == count, stream.count == count, stream.rowLength == rowLength, stream.blockSize == blockSize else {
                throw MetricsError.countMismatch(original: stream.count, quantized: added)
            }
            let sums = slots.reduce(into: ErrorSums()) { $0.add($1) }
            return QuantizationErrorReport(sums: sums, kernel: kernel, saturated: clipped == true, count: count, statistics: try stream.statistics(),
                                           rowLength: rowLength, blockSize: blockSize, blockCrest: blockSize.map { _ in stream.blockCrest })
        }
    }
}
