/// Where the quantizer saturates, in the units of x, so that an element with |x| > limit (or outside
/// its range) is saturated (clipped). The caller knows its format and the scales its quantize pass
/// used and defines the limits (Formats' `ScaledFormat+Saturation`); the metric only compares.
/// Per-tensor formats pass `.tensor`, block formats (MX, NV) one limit per block, per-channel
/// formats `.perElement`, asymmetric (zero-point) formats `.perElementRange`.
public enum ClipLimit: Sendable, Equatable {
    /// One limit for every element.
    case tensor(Float)
    /// One limit per block of `size` along the last axis, in block order (row r, block j at index
    /// r * ceil(rowLength / size) + j; a row that is not a whole number of blocks ends in a short block).
    case perBlock(size: Int, limits: [Float])
    /// One limit per element.
    case perElement([Float])
    /// One range per element: saturated when x < lower or x > upper.
    case perElementRange(lower: [Float], upper: [Float])

    /// Validates the limit against a tensor of `count` elements in rows of `rowLength`.
    func validate(count: Int, rowLength n: Int) throws {
        switch self {
        case .tensor:
            return
        case .perBlock(let k, let limits):
            guard k > 0 else { throw MetricsError.blockSizeInvalid(k) }
            let expected = count / n * ((n + k - 1) / k)
            guard limits.count == expected else { throw MetricsError.clipLimitCountMismatch(given: limits.count, expected: expected) }
        case .perElement(let limits):
            guard limits.count == count else { throw MetricsError.clipLimitCountMismatch(given: limits.count, expected: count) }
        case .perElementRange(let lower, let upper):
            for limits in [lower, upper] where limits.count != count {
                throw MetricsError.clipLimitCountMismatch(given: limits.count, expected: count)
            }
        }
    }

    /// #{i in range : |x_i| > limit_i} (or x_i outside its range).
    func countSaturated(_ x: UnsafeBufferPointer<Float>, in range: Range<Int>, rowLength n: Int) -> Int {
        var saturated = 0
        switch self {
        case .tensor(let limit):
            for i in range where Swift.abs(x[i]) > limit { saturated += 1 }
        case .perBlock(let k, let limits):
            let blocksPerRow = (n + k - 1) / k
            for i in range where Swift.abs(x[i]) > limits[(i / n) * blocksPerRow + (i % n) / k] { saturated += 1 }
        case .perElement(let limits):
            for i in range where Swift.abs(x[i]) > limits[i] { saturated += 1 }
        case .perElementRange(let lower, let upper):
            for i in range where x[i] < lower[i] || x[i] > upper[i] { saturated += 1 }
        }
        return saturated
    }
}
