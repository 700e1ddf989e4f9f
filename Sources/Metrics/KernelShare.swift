/// The quantization kernel: the elements that were not zero but quantize to zero.
///
/// CrossQuant (Liu et al., arXiv 2410.07505) calls the set of elements a quantizer maps to zero its
/// kernel and reports its share; an element already zero is left out of both counts, so the share
/// is #{x != 0 and q == 0} / #{x != 0} ("INT v.s. FP" counts the same quantity as "underflow").
/// It is measured over the matrix whose rows are all leading indices and whose columns are the
/// positions along the last axis (for activations: tokens x channels, the axes CrossQuant scales
/// by t_i and c_j): overall, per row and per column. Counts are integers, so the result is exact
/// and independent of the thread count. A row or column with no nonzero x has share NaN.
public struct KernelShare: Codable, Sendable, Equatable {
    /// #{x != 0 and q == 0} over the whole tensor.
    public var kernelCount: Int
    /// #{x != 0} over the whole tensor.
    public var nonzeroCount: Int
    /// Per row (leading indices flattened): kernel and nonzero counts.
    public var rowKernelCounts: [Int]
    public var rowNonzeroCounts: [Int]
    /// Per column (position along the last axis): kernel and nonzero counts.
    public var columnKernelCounts: [Int]
    public var columnNonzeroCounts: [Int]

    /// kernelCount / nonzeroCount (NaN without nonzero elements).
    public var share: Double { Measures.share(kernelCount, of: nonzeroCount) }
    /// The share of each row.
    public var rowShares: [Double] { zip(rowKernelCounts, rowNonzeroCounts).map { Measures.share($0, of: $1) } }
    /// The share of each column.
    public var columnShares: [Double] { zip(columnKernelCounts, columnNonzeroCounts).map { Measures.share($0, of: $1) } }

    /// Rows per parallel chunk (at least one): about `ChunkedReduction.chunkSize` elements.
    static func rowsPerChunk(rowLength n: Int) -> Int { Swift.max(ChunkedReduction.chunkSize / n, 1) }

    /// Counts the kernel of `q` relative to `x`, read as rows of `rowLength`.
    /// Throws on unequal counts or a row length that does not divide the count.
    public init(original x: UnsafeBufferPointer<Float>, quantized q: UnsafeBufferPointer<Float>,
                rowLength n: Int, concurrency: Int? = nil) throws {
        try QuantizationErrorReport.validate(originalCount: x.count, quantizedCount: q.count, rowLength: n, blockSize: nil)
        let rows = x.count / n
        var rowKernel = [Int](repeating: 0, count: rows), rowNonzero = [Int](repeating: 0, count: rows)
        let rowsPerChunk = Self.rowsPerChunk(rowLength: n)
        let columns = rowKernel.withUnsafeMutableBufferPointer { rowKernel in
            rowNonzero.withUnsafeMutableBufferPointer { rowNonzero in
                ChunkedReduction.map(count: rows, chunkSize: rowsPerChunk, concurrency: concurrency) { rowRange in
                    var kernel = [Int](repeating: 0, count: n), nonzero = [Int](repeating: 0, count: n)
                    for r in rowRange {
                        var k = 0, z = 0
                        for j in 0..<n where x[r * n + j] != 0 {
                            let isKernel = q[r * n + j] == 0 ? 1 : 0
                            z += 1
                            k += isKernel
                            nonzero[j] += 1
                            kernel[j] += isKernel
                        }
                        rowKernel[r] = k
                        rowNonzero[r] = z
                    }
                    return (kernel, nonzero)
                }
            }
        }
        var columnKernel = [Int](repeating: 0, count: n), columnNonzero = [Int](repeating: 0, count: n)
        for (kernel, nonzero) in columns {
            for j in 0..<n {
                columnKernel[j] += kernel[j]
                columnNonzero[j] += nonzero[j]
            }
        }
        kernelCount = rowKernel.reduce(0, +)
        nonzeroCount = rowNonzero.reduce(0, +)
        rowKernelCounts = rowKernel
        rowNonzeroCounts = rowNonzero
        columnKernelCounts = columnKernel
        columnNonzeroCounts = columnNonzero
    }
}
