/// How a search scores one group at one candidate. `stepErrors` calls an evaluator for candidates
/// 0, 1, ... of one group in order (then the next group of its chunk), with the candidate's grid
/// values `g` and scale `s` (`GridScaled`; for other formats `g` holds the quantized values and
/// s = 1), so an evaluator may carry state from one candidate to the next.
///
/// The layer-output evaluators keep `P = Xq g^T` (or `g Wq^T`) in Double and update it by the grid
/// values that changed since the previous candidate (`P += column * (new - old)`); the output is
/// `s P`. Neighbouring candidates change few grid values (while every scaled value moves with s),
/// so a candidate costs tokens x changes instead of a whole product. The first candidate of a group
/// starts from zero; a non-finite scale scores NaN and restarts the next candidate from zero.
/// Updates and sums run in a fixed order per group and row, so errors do not depend on the thread
/// count.
class CandidateEvaluator {
    func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, grid: UnsafeMutableBufferPointer<Float>, scale: Float) -> Double {
        fatalError("subclass")
    }
}

/// `sum (x - fl32(g s))^2` over the group's finite values.
final class SquaredErrorEvaluator: CandidateEvaluator {
    override func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, grid: UnsafeMutableBufferPointer<Float>, scale s: Float) -> Double {
        var total = 0.0
        for i in values.indices where values[i].isFinite {
            let q: Float = s.isNaN ? .nan : s == 0 ? 0 : grid[i] * s
            let d = Double(values[i]) - Double(q)
            total += d * d
        }
        return total
    }
}

/// The product of a group's grid values with fixed columns, kept up to date across candidates (a
/// class, so that its two buffers can be open at once).
final class TrackedProduct {
    var previous: [Float]
    var product: [Double]
    var valid = false

    init(gridCount: Int, productCount: Int) {
        previous = [Float](repeating: 0, count: gridCount)
        product = [Double](repeating: 0, count: productCount)
    }

    func reset(_ restart: Bool) {
        guard restart || !valid else { return }
        for i in previous.indices { previous[i] = 0 }
        for i in product.indices { product[i] = 0 }
        valid = true
    }
}

/// One output channel (a row of W) at a time: `sum_t (D[n, t] - s (Xq g)[t])^2`.
final class RowOutputEvaluator: CandidateEvaluator {
    let xqT: [Double]         // K x T (float32 values)
    let exact: [Double]       // N x T
    let tokens: Int, k: Int
    let state: TrackedProduct

    init(xqT: [Double], exact: [Double], tokens: Int, k: Int) {
        self.xqT = xqT; self.exact = exact; self.tokens = tokens; self.k = k
        state = TrackedProduct(gridCount: k, productCount: tokens)
    }

    override func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, grid: UnsafeMutableBufferPointer<Float>, scale s: Float) -> Double {
        state.reset(candidate == 0)
        guard s.isFinite else { state.valid = false; return .nan }
        let (tokens, k) = (self.tokens, self.k)
        return xqT.withUnsafeBufferPointer { x in
            exact.withUnsafeBufferPointer { e in
                state.previous.withUnsafeMutableBufferPointer { p in
                    state.product.withUnsafeMutableBufferPointer { o in
                        LayerOutput.update(o.baseAddress!, columns: x.baseAddress!, length: tokens, old: p.baseAddress!, new: grid.baseAddress!, count: k)
                        return LayerOutput.squaredDistance(e.baseAddress! + group * tokens, o.baseAddress!, scale: Double(s), tokens)
                    }
                }
            }
        }
    }
}

/// One operand as a single group, its rows (W's output channels, or X's tokens) on all cores:
/// `sum_rows sum_i (D[row, i] - s (g[row] . columns[i]))^2`, rows summed in order.
final class WholeOperandEvaluator: CandidateEvaluator {
    let columnsT: [Double]    // K x L: Xq transposed (W operand) or Wq transposed (X operand), float32 values
    let exact: [Double]       // rows x L
    let rows: Int, k: Int, length: Int
    let state: TrackedProduct

    init(columnsT: [Double], exact: [Double], rows: Int, k: Int, length: Int) {
        self.columnsT = columnsT; self.exact = exact; self.rows = rows; self.k = k; self.length = length
        state = TrackedProduct(gridCount: rows * k, productCount: rows * length)
    }

    override func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, grid: UnsafeMutableBufferPointer<Float>, scale s: Float) -> Double {
        state.reset(candidate == 0)
        guard s.isFinite else { state.valid = false; return .nan }
        let (k, length) = (self.k, self.length)
        var perRow = [Double](repeating: 0, count: rows)
        columnsT.withUnsafeBufferPointer { c in
            exact.withUnsafeBufferPointer { e in
                state.previous.withUnsafeMutableBufferPointer { p in
                    state.product.withUnsafeMutableBufferPointer { o in
                        perRow.withUnsafeMutableBufferPointer { r in
                            ParallelChunks.run(count: rows, grain: LayerOutput.grain(tokens: length, k: k)) { r0, r1 in
                                for row in r0 ..< r1 {
                                    LayerOutput.update(o.baseAddress! + row * length, columns: c.baseAddress!, length: length, old: p.baseAddress! + row * k,
                                                       new: grid.baseAddress! + row * k, count: k)
                                    r[row] = LayerOutput.squaredDistance(e.baseAddress! + row * length, o.baseAddress! + row * length, scale: Double(s), length)
                                }
                            }
                        }
                    }
                }
            }
        }
        return perRow.reduce(0, +)
    }
}
