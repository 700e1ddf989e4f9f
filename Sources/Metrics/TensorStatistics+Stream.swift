extension TensorStatistics {
    /// The statistics of a tensor that is never whole in memory, from its pieces (whole rows, in
    /// order) given twice: once for the first pass (sums, mean, max|x|), once more for the central
    /// moments, which need the mean (`TensorStatistics` forms the same two passes). With a block
    /// size, the second pass also takes every block's crest factor (blocks lie inside rows).
    ///
    /// Bit-identical to `TensorStatistics(x)` and `Measures.blockCrestFactors(x, ...)` of the whole
    /// tensor however it is cut: the sums are kept per fixed chunk of `ChunkedReduction.chunkSize`
    /// elements of the whole tensor, a chunk cut by a piece boundary continues its sums in index order
    /// in the next piece, and chunks are combined in chunk order.
    public struct Stream {
        public let count: Int
        public let rowLength: Int
        public let blockSize: Int?
        public let concurrency: Int?
        var raw: [RawSums]
        var central: [CentralSums]
        var mean: Double?
        /// Elements seen in the current pass.
        public private(set) var added = 0
        public private(set) var blockCrest: [Double] = []

        public init(count: Int, rowLength: Int, blockSize: Int?, concurrency: Int?) throws {
            try QuantizationErrorReport.validate(originalCount: count, quantizedCount: count, rowLength: rowLength, blockSize: blockSize)
            self.count = count
            self.rowLength = rowLength
            self.blockSize = blockSize
            self.concurrency = concurrency
            let chunks = (count + ChunkedReduction.chunkSize - 1) / ChunkedReduction.chunkSize
            raw = Array(repeating: RawSums(), count: chunks)
            central = Array(repeating: CentralSums(), count: chunks)
            if count == 0 { mean = .nan }
        }

        /// Whether the first pass is over (the second one runs).
        public var inSecondPass: Bool { mean != nil }

        /// The next piece of the current pass; after the last piece of the first pass the second
        /// pass begins at element 0.
        public mutating func add(_ piece: UnsafeBufferPointer<Float>) throws {
            guard piece.count % rowLength == 0, added + piece.count <= count else {
                throw MetricsError.countMismatch(original: count, quantized: added + piece.count)
            }
            let start = added, size = ChunkedReduction.chunkSize
            let first = start / size, last = (start + piece.count + size - 1) / size
            let mean = self.mean
            raw.withUnsafeMutableBufferPointer { raw in
                central.withUnsafeMutableBufferPointer { central in
                    // Each chunk the piece touches is one unit of work; its part of the piece is added
                    // to the chunk's running sums in index order.
                    ChunkedReduction.forEach(count: last - first, chunkSize: 1, concurrency: concurrency) { chunks in
                        for c in chunks {
                            let lo = Swift.max((first + c) * size, start) - start
                            let hi = Swift.min((first + c + 1) * size, start + piece.count) - start
                            if let mean { central[first + c].add(piece, lo ..< hi, mean: mean) } else { raw[first + c].add(piece, lo ..< hi) }
                        }
                    }
                }
            }
            if mean != nil, let k = blockSize {
                blockCrest += Measures.blockCrestFactors(piece, rowLength: rowLength, blockSize: k, concurrency: concurrency)
            }
            added += piece.count
            if added == count && self.mean == nil {
                self.mean = TensorStatistics.mean(raw, count: count)
                added = 0
            }
        }

        /// The statistics, once both passes saw every element.
        public func statistics() throws -> TensorStatistics {
            guard mean != nil, added == count else { throw MetricsError.countMismatch(original: count, quantized: added) }
            return TensorStatistics(count: count, raw: raw, central: central)
        }
    }
}
