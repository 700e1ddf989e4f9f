extension Measures {
    /// Blocks per parallel chunk; fixed, so results never depend on the machine.
    static let blocksPerChunk = 1 << 12

    /// The crest factor max|x| / RMS of every block of `blockSize` consecutive elements along the
    /// last axis ("INT v.s. FP", arXiv 2510.25602, per-block kappa; Table 2 reports their median),
    /// in block order: row r, block j covers elements [r n + j k, r n + min((j + 1) k, n)) with
    /// n = `rowLength`, k = `blockSize`, so a row that is not a whole number of blocks ends in a
    /// shorter block. An all-zero block gives NaN. Each block is summed sequentially in Double.
    /// Preconditions (checked by the report's initializer): n > 0 divides the count, k > 0.
    public static func blockCrestFactors(_ x: UnsafeBufferPointer<Float>, rowLength n: Int, blockSize k: Int,
                                         concurrency: Int? = nil) -> [Double] {
        precondition(n > 0 && x.count % n == 0 && k > 0, "row length \(n) / block size \(k) invalid for \(x.count) elements")
        let blocksPerRow = (n + k - 1) / k
        let blocks = x.count / n * blocksPerRow
        var crest = [Double](repeating: .nan, count: blocks)
        crest.withUnsafeMutableBufferPointer { crest in
            ChunkedReduction.forEach(count: blocks, chunkSize: blocksPerChunk, concurrency: concurrency) { range in
                for b in range {
                    let row = b / blocksPerRow, j = b % blocksPerRow
                    let start = row * n + j * k, end = row * n + Swift.min((j + 1) * k, n)
                    var squares = 0.0, absMax: Float = 0
                    for i in start..<end {
                        squares += Double(x[i]) * Double(x[i])
                        absMax = Swift.max(absMax, Swift.abs(x[i]))
                    }
                    crest[b] = crestFactor(absMax: Double(absMax), rms: (squares / Double(end - start)).squareRoot())
                }
            }
        }
        return crest
    }
}
