extension Tensor {
    /// Number of NaN, +Inf and -Inf elements. Readers load such values unchanged; the caller decides policy.
    public var nonFiniteCount: Int {
        var n = 0
        for v in values where !v.isFinite { n += 1 }
        return n
    }

    /// Throws `TensorError.nonFinite` naming `source` and the count when any element is NaN or infinite.
    public func validateFinite(source: String) throws {
        let n = nonFiniteCount
        if n > 0 { throw TensorError.nonFinite(source: source, count: n, total: count) }
    }
}
