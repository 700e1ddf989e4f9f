import Tensors

/// CrossQuant's per-element scale (`Granularity.cross`), our reconstruction from the abstract ("cross-
/// quantizes elements using row and column-wise absolute maximum vectors", "row and column maxima
/// scaled by an exponent alpha") and the reviews; the paper's Eq. 5 was not read.
///
/// On the [rows, L] view of the tensor (L = the last axis; for activations rows are tokens, columns
/// channels): t_i = max_j |x_ij| (row absmax), c_j = max_i |x_ij| (column absmax), over finite values.
/// Element (i, j) has the group amax
///     amax_ij = fl32( fl64( fl64(t_i^alpha) * fl64(c_j^(1 - alpha)) ) )  (the Double product, then float32),
/// with x^1 = x and x^0 = 1 exactly, and otherwise x^e = exp(e ln x) in `DeterministicMath` (the same
/// bits on every platform, about 1 ulp of Double); then `ScaledFormat`'s steps 1-4 with this amax
/// (clipping ratio, scale rule, saturating element). For an fp32 scale and INT-b elements this is
/// s_ij = t_i^alpha c_j^(1-alpha) / (2^(b-1) - 1). alpha = 1 gives exactly the per-row scales
/// (`channel=0` of a matrix), alpha = 0 exactly the per-column ones (`channel=-1`).
/// An element whose row or column holds Inf or NaN has a NaN scale (it becomes NaN).
///
/// No clipping: |x_ij| <= min(t_i, c_j) <= t_i^alpha c_j^(1-alpha) for alpha in [0, 1], and the
/// rounding above keeps amax_ij >= |x_ij| (the Double error is far below half a float32 ulp), so
/// |x_ij / s_ij| exceeds elemMax at most by the rounding of the fp32 division.
extension ScaledFormat {
    /// `x^e` as the definition above computes it.
    public static func crossPower(_ x: Double, _ e: Double) -> Double {
        if e == 1 { return x }
        if e == 0 { return 1 }
        return x == 0 ? 0 : DeterministicMath.exp(e * DeterministicMath.log(x))
    }

    /// Every element's scale (one group per element) for clipping `ratio`.
    func crossScales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, rowLength: Int, alpha: Double, ratio: Float) throws -> Scales {
        let count = input.count, columns = Swift.max(rowLength, 1), rows = count / columns
        let rowStats = GroupStatistics(input, layout: try GroupLayout(.channel(axis: 0), shape: [rows, columns], count: count, spec: name), signed: false)
        let columnStats = GroupStatistics(input, layout: try GroupLayout(.channel(axis: 1), shape: [rows, columns], count: count, spec: name), signed: false)
        let u = rowStats.highs.map { Self.crossPower(Double($0 == -.infinity ? 0 : $0), alpha) }
        let v = columnStats.highs.map { Self.crossPower(Double($0 == -.infinity ? 0 : $0), 1 - alpha) }
        let tensor = tensorLevel(input, ratio: ratio)
        let scaleOf = groupScale(tensor: tensor)
        var applied = [Float](repeating: 0, count: count), stored = [Float](repeating: 0, count: count)
        var tooLarge: Float = 0
        for i in 0 ..< rows {
            let rowBad = rowStats.nonFinite[i]
            for j in 0 ..< columns {
                let e = i * columns + j
                if rowBad || columnStats.nonFinite[j] { applied[e] = .nan; stored[e] = .nan; continue }
                let amax = Float(u[i] * v[j]) * ratio
                if overflows(amax) { tooLarge = Swift.max(tooLarge, amax); continue }
                (stored[e], applied[e]) = scaleOf(amax)
            }
        }
        if tooLarge > 0 { throw scaleOverflow(amax: tooLarge) }
        return Scales(scales: applied, zeroPoints: nil, tensorScale: tensor, storedScales: stored, layout: layout)
    }
}
