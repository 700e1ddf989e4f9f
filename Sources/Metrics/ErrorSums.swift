/// The element-wise sums of one chunk of (x, q), all in Double, added in index order.
/// Chunks are combined in chunk order (`ChunkedReduction`), so totals are deterministic.
struct ErrorSums {
    /// sum x^2
    var signal = 0.0
    /// sum (x - q)^2
    var error = 0.0
    /// sum q^2
    var quantized = 0.0
    /// sum x q
    var cross = 0.0
    /// sum over x != 0 of |x - q| / |x|
    var relative = 0.0
    /// #{x != 0}
    var nonzero = 0
    /// max |x - q|
    var maxAbsError = 0.0
    /// #{|x| > clip limit}
    var saturated = 0

    init() {}

    /// The sums over `range` of `x` and `q`.
    init(_ x: UnsafeBufferPointer<Float>, _ q: UnsafeBufferPointer<Float>, range: Range<Int>) {
        guard let x = x.baseAddress, let q = q.baseAddress, !range.isEmpty else { return }
        add(x + range.lowerBound, q + range.lowerBound, count: range.count)
    }

    /// Continues the sums with `count` more pairs `x[0..<count]`, `q[0..<count]`, in index order:
    /// a chunk summed in two pieces, the second continuing the first, gives the same bits as one.
    mutating func add(_ x: UnsafePointer<Float>, _ q: UnsafePointer<Float>, count: Int) {
        for i in 0 ..< count {
            let a = Double(x[i]), b = Double(q[i])
            let e = a - b  // exact: both are floats
            signal += a * a
            error += e * e
            quantized += b * b
            cross += a * b
            maxAbsError = Swift.max(maxAbsError, Swift.abs(e))
            if a != 0 {
                relative += Swift.abs(e) / Swift.abs(a)
                nonzero += 1
            }
        }
    }

    /// Adds the sums of the next chunk.
    mutating func add(_ other: ErrorSums) {
        signal += other.signal
        error += other.error
        quantized += other.quantized
        cross += other.cross
        relative += other.relative
        nonzero += other.nonzero
        maxAbsError = Swift.max(maxAbsError, other.maxAbsError)
        saturated += other.saturated
    }
}
