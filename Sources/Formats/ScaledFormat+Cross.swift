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
///
/// Computed a row piece at a time on all cores (`CrossFactors`, `ScaleCalculator.fill`); the
/// fake-quantize pass then runs the element loop on the piece while its scales are in cache
/// (`ScaledKernel.runRows`), so no tensor-sized scale arrays exist unless the scales are kept.
extension ScaledFormat {
    /// `x^e` as the definition above computes it.
    public static func crossPower(_ x: Double, _ e: Double) -> Double {
        if e == 1 { return x }
        if e == 0 { return 1 }
        return x == 0 ? 0 : DeterministicMath.exp(e * DeterministicMath.log(x))
    }

    /// The row factors u_i = t_i^alpha and column factors v_j = c_j^(1 - alpha), NaN for a row or
    /// column holding Inf or NaN, so that `fl32(u_i * v_j)` is the element's amax, or NaN (a NaN scale).
    struct CrossFactors {
        let rows: Int, columns: Int
        var u: [Double], v: [Double]
        /// Largest u_i and v_j over the finite rows and columns (nil when there is none).
        let largestU: Double?, largestV: Double?

        /// `bits[j - j0] = fl32(u_row * v_j)` as float32 bits, j in `j0 ..< j1` (one vectorizable loop).
        @inline(__always)
        static func amaxBits(_ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, row: Int, _ j0: Int, _ j1: Int,
                             _ bits: UnsafeMutablePointer<UInt32>) {
            let ui = u[row], vj = v + j0
            for j in 0 ..< j1 - j0 { bits[j] = Float(ui * vj[j]).bitPattern }
        }
    }

    func crossFactors(_ input: UnsafeBufferPointer<Float>, rowLength: Int, alpha: Double) -> CrossFactors {
        let count = input.count, columns = Swift.max(rowLength, 1), rows = count / columns
        guard let src = input.baseAddress, count > 0 else { return CrossFactors(rows: 0, columns: columns, u: [], v: [], largestU: nil, largestV: nil) }
        let (rowStats, columnStats) = GroupStatistics.crossMaxima(src, rows: rows, columns: columns)
        let u = Self.crossFactor(rowStats, exponent: alpha), v = Self.crossFactor(columnStats, exponent: 1 - alpha)
        return CrossFactors(rows: rows, columns: columns, u: u, v: v,
                            largestU: u.filter { !$0.isNaN }.max(), largestV: v.filter { !$0.isNaN }.max())
    }

    /// `crossPower(max, e)` of every group (on all cores: one group per column can be millions), NaN
    /// for a group holding Inf or NaN.
    static func crossFactor(_ stats: GroupStatistics, exponent: Double) -> [Double] {
        var out = [Double](repeating: 0, count: stats.highs.count)
        out.withUnsafeMutableBufferPointer { out in
            stats.highs.withUnsafeBufferPointer { highs in
                stats.nonFinite.withUnsafeBufferPointer { bad in
                    ParallelChunks.run(count: out.count, grain: 4096) { a, b in
                        for g in a ..< b {
                            out[g] = bad[g] ? .nan : crossPower(Double(highs[g] == -.infinity ? 0 : highs[g]), exponent)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Throws the scale overflow of the largest amax_ij * ratio (that of the largest u_i and v_j:
    /// every rounding step is monotone), the error of a group whose scale the scale format cannot hold.
    func checkCrossOverflow(_ f: CrossFactors, ratio: Float) throws {
        guard let u = f.largestU, let v = f.largestV else { return }
        let amax = Float(u * v) * ratio
        if overflows(amax) { throw scaleOverflow(amax: amax) }
    }

    /// Every element's scale (one group per element) for clipping `ratio`.
    func crossScales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, rowLength: Int, alpha: Double, ratio: Float) throws -> Scales {
        let f = crossFactors(input, rowLength: rowLength, alpha: alpha)
        try checkCrossOverflow(f, ratio: ratio)
        let tensor = tensorLevel(input, ratio: ratio), calculator = scaleCalculator(tensor: tensor), count = input.count
        var applied = [Float](repeating: 0, count: count), stored = [Float](repeating: 0, count: count)
        guard count > 0 else { return Scales(scales: [], zeroPoints: nil, tensorScale: tensor, storedScales: [], layout: layout) }
        applied.withUnsafeMutableBufferPointer { applied in
            stored.withUnsafeMutableBufferPointer { stored in
                f.u.withUnsafeBufferPointer { u in
                    f.v.withUnsafeBufferPointer { v in
                        let (u, v, stored, applied) = (u.baseAddress!, v.baseAddress!, stored.baseAddress!, applied.baseAddress!)
                        RowPass.forEachPiece(count: count, rowLength: f.columns) { first, row, j0, j1, bits in
                            CrossFactors.amaxBits(u, v, row: row, j0, j1, bits)
                            _ = calculator.fill(bits, count: j1 - j0, ratio: ratio, stored: stored + first, applied: applied + first)
                        }
                    }
                }
            }
        }
        return Scales(scales: applied, zeroPoints: nil, tensorScale: tensor, storedScales: stored, layout: layout)
    }

    /// The quantize pass of `cross` without codes: scales and elements a row piece at a time
    /// (`ScaledKernel.runRows`); without `keepScales` the scales returned are empty.
    func fusedCross(_ input: UnsafeBufferPointer<Float>, _ dst: UnsafeMutablePointer<Float>, layout: GroupLayout, rowLength: Int,
                    alpha: Double, ratio: Float, mode: RoundingMode, seed: UInt64, keepScales: Bool) throws -> Scales {
        let f = crossFactors(input, rowLength: rowLength, alpha: alpha)
        try checkCrossOverflow(f, ratio: ratio)
        let tensor = tensorLevel(input, ratio: ratio), calculator = scaleCalculator(tensor: tensor)
        let n = keepScales ? input.count : 0
        var result = Scales(scales: [Float](repeating: 0, count: n), zeroPoints: nil, tensorScale: tensor,
                            storedScales: [Float](repeating: 0, count: n), layout: layout)
        guard let src = input.baseAddress, input.count > 0 else { return result }
        let kernel = ScaledKernel(src: src, dst: dst, scales: src, zeroPoints: nil, layout: layout, mode: mode, seed: seed)
        result.scales.withUnsafeMutableBufferPointer { applied in
            result.storedScales.withUnsafeMutableBufferPointer { stored in
                f.u.withUnsafeBufferPointer { u in
                    f.v.withUnsafeBufferPointer { v in
                        let (u, v) = (u.baseAddress!, v.baseAddress!)
                        let pass = RowPass(rowLength: f.columns, stored: keepScales ? stored.baseAddress : nil, applied: keepScales ? applied.baseAddress : nil) {
                            row, j0, j1, bits, stored, applied in
                            CrossFactors.amaxBits(u, v, row: row, j0, j1, bits)
                            return calculator.fill(bits, count: j1 - j0, ratio: ratio, stored: stored, applied: applied).special
                        }
                        kernels.rows(kernel, pass)
                    }
                }
            }
        }
        return result
    }

    /// Every element's amax bits `fl32(u_i * v_j)` (NaN for a row or column holding Inf or NaN), for
    /// the clipping search.
    func crossAmaxBits(_ f: CrossFactors, count: Int) -> [UInt32] {
        var bits = [UInt32](repeating: 0, count: count)
        bits.withUnsafeMutableBufferPointer { out in
            f.u.withUnsafeBufferPointer { u in
                f.v.withUnsafeBufferPointer { v in
                    let (u, v, out) = (u.baseAddress!, v.baseAddress!, out.baseAddress!)
                    RowPass.forEachPiece(count: count, rowLength: f.columns) { first, row, j0, j1, _ in
                        CrossFactors.amaxBits(u, v, row: row, j0, j1, out + first)
                    }
                }
            }
        }
        return bits
    }
}
