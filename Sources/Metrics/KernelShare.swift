/// The quantization kernel: the elements that were not zero but quantize to zero.
///
/// CrossQuant (Liu et al., arXiv 2410.07505) calls the set of elements a quantizer maps to zero its
/// kernel and reports its share; an element already zero is left out of both counts, so the share
/// is #{x != 0 and q == 0} / #{x != 0} ("INT v.s. FP" counts the same quantity as "underflow").
/// It is measured over the matrix whose rows are all leading indices and whose columns are the
/// positions along the last axis (for activations: tokens x channels, the axes CrossQuant scales
/// by t_i and c_j): overall, per row and per column. Counts are integers, so the result is exact
/// and independent of the thread count. A row or column with no nonzero x has share NaN.
///
/// Memory: the per-row and per-column counts (`LineCounts`, 2 to 8 bytes per line) and nothing per
/// element; rows are counted in chunks of rows, columns in chunks of columns, each chunk writing only
/// its own lines.
public struct KernelShare: Sendable, Equatable {
    /// #{x != 0 and q == 0} over the whole tensor.
    public var kernelCount: Int
    /// #{x != 0} over the whole tensor.
    public var nonzeroCount: Int
    /// Per row (leading indices flattened) and per column (position along the last axis).
    public var rows: LineCounts
    public var columns: LineCounts

    /// Per row: kernel and nonzero counts.
    public var rowKernelCounts: [Int] { (0 ..< rows.count).map { rows[$0].kernel } }
    public var rowNonzeroCounts: [Int] { (0 ..< rows.count).map { rows[$0].nonzero } }
    /// Per column: kernel and nonzero counts.
    public var columnKernelCounts: [Int] { (0 ..< columns.count).map { columns[$0].kernel } }
    public var columnNonzeroCounts: [Int] { (0 ..< columns.count).map { columns[$0].nonzero } }

    /// kernelCount / nonzeroCount (NaN without nonzero elements).
    public var share: Double { Measures.share(kernelCount, of: nonzeroCount) }
    /// The share of each row.
    public var rowShares: [Double] { rows.shares }
    /// The share of each column.
    public var columnShares: [Double] { columns.shares }

    /// Rows per parallel chunk (at least one): about `ChunkedReduction.chunkSize` elements.
    static func rowsPerChunk(rowLength n: Int) -> Int { Swift.max(ChunkedReduction.chunkSize / n, 1) }

    /// Counts the kernel of `q` relative to `x`, read as rows of `rowLength`.
    /// Throws on unequal counts or a row length that does not divide the count.
    public init(original x: UnsafeBufferPointer<Float>, quantized q: UnsafeBufferPointer<Float>,
                rowLength n: Int, concurrency: Int? = nil) throws {
        try QuantizationErrorReport.validate(originalCount: x.count, quantizedCount: q.count, rowLength: n, blockSize: nil)
        self.init(rowCount: n == 0 ? 0 : x.count / n, rowLength: n)
        count(original: x, quantized: q, firstRow: 0, concurrency: concurrency)
    }

    /// No element counted yet, for a matrix of `rowCount` rows of `rowLength` (`count` adds rows).
    init(rowCount: Int, rowLength n: Int) {
        rows = LineCounts(count: rowCount, length: n)
        columns = LineCounts(count: n, length: rowCount)
        kernelCount = 0
        nonzeroCount = 0
    }

    /// Adds whole rows `firstRow ..< firstRow + x.count / rowLength` (x and q hold just those rows).
    /// Integer counts: the totals do not depend on how the rows are split.
    mutating func count(original x: UnsafeBufferPointer<Float>, quantized q: UnsafeBufferPointer<Float>,
                        firstRow: Int, concurrency: Int?) {
        let n = columns.count
        let rowCount = n == 0 ? 0 : x.count / n
        rows.update { counter in
            ChunkedReduction.forEach(count: rowCount, chunkSize: Self.rowsPerChunk(rowLength: n), concurrency: concurrency) { rowRange in
                for r in rowRange {
                    var k = 0, z = 0
                    for j in 0 ..< n where x[r * n + j] != 0 {
                        z += 1
                        k += q[r * n + j] == 0 ? 1 : 0
                    }
                    counter.add(firstRow + r, k, z)
                }
            }
        }
        // Columns in chunks of columns, each walking every row over its own columns: at least one
        // chunk per worker (rows of up to 4096 were one chunk, so one core), at most 4096 columns
        // of counters each. Integer counts: the same for any chunking.
        let workers = Swift.max(1, concurrency ?? ChunkedReduction.defaultConcurrency)
        let columnsPerChunk = Swift.max(1, Swift.min(4096, Swift.max(64, (n + workers - 1) / workers)))
        columns.update { counter in
            ChunkedReduction.forEach(count: n, chunkSize: columnsPerChunk, concurrency: concurrency) { columnRange in
                let lo = columnRange.lowerBound
                var kernel = [Int](repeating: 0, count: columnRange.count), nonzero = kernel
                for r in 0 ..< rowCount {
                    for j in columnRange where x[r * n + j] != 0 {
                        nonzero[j - lo] += 1
                        kernel[j - lo] += q[r * n + j] == 0 ? 1 : 0
                    }
                }
                for j in columnRange { counter.add(j, kernel[j - lo], nonzero[j - lo]) }
            }
        }
        for r in firstRow ..< firstRow + rowCount {
            kernelCount += rows[r].kernel
            nonzeroCount += rows[r].nonzero
        }
    }
}
