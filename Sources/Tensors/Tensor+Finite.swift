extension Tensor {
    /// Number of NaN, +Inf and -Inf elements. Readers load such values unchanged; the caller decides policy.
    public var nonFiniteCount: Int {
        var n = 0
        for v in values where !v.isFinite { n += 1 }
        return n
    }
}
