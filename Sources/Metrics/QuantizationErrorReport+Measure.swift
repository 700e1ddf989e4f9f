import Tensors

extension QuantizationErrorReport {
    /// Measures `quantized` against `original`, both read as rows of `rowLength` (the last axis).
    /// - blockSize: if given, also summarize the per-block crest factors of x along the last axis.
    /// - clipLimit: if given, count the saturated elements (|x| > limit).
    /// - concurrency: worker threads (nil: all cores); the result does not depend on it.
    /// Throws `MetricsError` on unequal counts, a row length that does not divide the count, a
    /// block size below 1, or a clip limit of the wrong length.
    public init(original x: UnsafeBufferPointer<Float>, quantized q: UnsafeBufferPointer<Float>, rowLength: Int,
                blockSize: Int? = nil, clipLimit: ClipLimit? = nil, concurrency: Int? = nil) throws {
        var accumulator = try Accumulator(count: x.count, rowLength: rowLength, blockSize: blockSize, concurrency: concurrency)
        try accumulator.add(original: x, quantized: q, clipLimit: clipLimit)
        self = try accumulator.report(original: x)
    }

    /// The report from the element-wise sums, the kernel counts and the original tensor.
    init(sums: ErrorSums, kernel: KernelShare, saturated: Bool, original x: UnsafeBufferPointer<Float>, rowLength: Int,
         blockSize: Int?, concurrency: Int?) {
        self.init(sums: sums, kernel: kernel, saturated: saturated, count: x.count, statistics: TensorStatistics(x, concurrency: concurrency),
                  rowLength: rowLength, blockSize: blockSize,
                  blockCrest: blockSize.map { Measures.blockCrestFactors(x, rowLength: rowLength, blockSize: $0, concurrency: concurrency) })
    }

    /// The report from the element-wise sums, the kernel counts, and the original's statistics and
    /// block crest factors (given with a block size).
    init(sums: ErrorSums, kernel: KernelShare, saturated: Bool, count: Int, statistics: TensorStatistics, rowLength: Int,
         blockSize: Int?, blockCrest: [Double]?) {
        let n = Double(count)
        self.count = count
        self.rowLength = rowLength
        self.blockSize = blockSize
        mse = sums.error / n
        rmse = mse.squareRoot()
        qsnrDB = Measures.qsnrDB(signalEnergy: sums.signal, errorEnergy: sums.error)
        maxAbsError = sums.maxAbsError
        meanRelativeError = sums.nonzero == 0 ? .nan : sums.relative / Double(sums.nonzero)
        cosineSimilarity = Measures.cosineSimilarity(cross: sums.cross, originalEnergy: sums.signal, quantizedEnergy: sums.quantized)
        nonzeroCount = kernel.nonzeroCount
        kernelCount = kernel.kernelCount
        kernelShare = kernel.share
        rowKernelShare = kernel.rows.summary
        columnKernelShare = kernel.columns.summary
        saturatedCount = saturated ? sums.saturated : nil
        saturatedShare = saturated ? Double(sums.saturated) / n : nil
        original = statistics
        blockCrestFactor = blockCrest.flatMap(SummaryStatistics.init)
    }

    /// Measures arrays of floats read as rows of `rowLength`.
    public init(original x: [Float], quantized q: [Float], rowLength: Int,
                blockSize: Int? = nil, clipLimit: ClipLimit? = nil, concurrency: Int? = nil) throws {
        self = try x.withUnsafeBufferPointer { x in
            try q.withUnsafeBufferPointer { q in
                try QuantizationErrorReport(original: x, quantized: q, rowLength: rowLength,
                                            blockSize: blockSize, clipLimit: clipLimit, concurrency: concurrency)
            }
        }
    }

    /// Measures two tensors of the same shape (rows along the last axis).
    public init(original x: Tensor, quantized q: Tensor,
                blockSize: Int? = nil, clipLimit: ClipLimit? = nil, concurrency: Int? = nil) throws {
        guard x.shape == q.shape else { throw MetricsError.shapeMismatch(original: x.shape, quantized: q.shape) }
        try self.init(original: x.values, quantized: q.values, rowLength: x.rowLength,
                      blockSize: blockSize, clipLimit: clipLimit, concurrency: concurrency)
    }

    /// Checks that the counts agree, `rowLength` > 0 divides them, and `blockSize` (if any) is > 0.
    static func validate(originalCount: Int, quantizedCount: Int, rowLength: Int, blockSize: Int?) throws {
        guard originalCount == quantizedCount else {
            throw MetricsError.countMismatch(original: originalCount, quantized: quantizedCount)
        }
        guard rowLength > 0, originalCount % rowLength == 0 else {
            throw MetricsError.rowLengthInvalid(rowLength: rowLength, count: originalCount)
        }
        if let k = blockSize, k <= 0 { throw MetricsError.blockSizeInvalid(k) }
    }
}
