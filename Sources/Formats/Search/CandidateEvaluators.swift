/// How a search scores one group at one candidate, given the group's values and their quantized
/// values. `stepErrors` calls an evaluator for candidates 0, 1, ... of one group in order (then the
/// next group of its chunk), so an evaluator may carry state from one candidate to the next.
///
/// The layer-output evaluators keep the quantized output `Xq Wq^T` in Double and update it by the
/// elements that changed since the previous candidate (`O += column * (new - old)`): neighbouring
/// candidates change few elements, so a candidate costs tokens x changes instead of a whole product.
/// The first candidate of a group starts from zero. Updates and sums run in a fixed order per
/// group (rows of a parallel loop are independent), so errors do not depend on the thread count.
class CandidateEvaluator {
    func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, quantized: UnsafeMutableBufferPointer<Float>) -> Double {
        fatalError("subclass")
    }
}

/// `sum (x - q)^2` over the group's finite values.
final class SquaredErrorEvaluator: CandidateEvaluator {
    override func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, quantized: UnsafeMutableBufferPointer<Float>) -> Double {
        CoordinateSearch.squaredError(UnsafeBufferPointer(values), UnsafeBufferPointer(quantized))
    }
}

/// One output channel (a row of W) at a time: `sum_t (D[n, t] - (Xq wq)[t])^2`.
final class RowOutputEvaluator: CandidateEvaluator {
    let xqT: [Float]          // K x T
    let exact: [Double]       // N x T
    let tokens: Int, k: Int
    var previous: [Float], output: [Double]

    init(xqT: [Float], exact: [Double], tokens: Int, k: Int) {
        self.xqT = xqT; self.exact = exact; self.tokens = tokens; self.k = k
        previous = [Float](repeating: 0, count: k)
        output = [Double](repeating: 0, count: tokens)
    }

    override func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, quantized: UnsafeMutableBufferPointer<Float>) -> Double {
        if candidate == 0 {
            for i in 0 ..< k { previous[i] = 0 }
            for t in 0 ..< tokens { output[t] = 0 }
        }
        return xqT.withUnsafeBufferPointer { x in
            exact.withUnsafeBufferPointer { e in
                previous.withUnsafeMutableBufferPointer { p in
                    output.withUnsafeMutableBufferPointer { o in
                        LayerOutput.update(o.baseAddress!, columns: x.baseAddress!, length: tokens, old: p.baseAddress!, new: quantized.baseAddress!, count: k)
                        return LayerOutput.squaredDistance(e.baseAddress! + group * tokens, o.baseAddress!, tokens)
                    }
                }
            }
        }
    }
}

/// W as one group: every output channel updated, on all cores; the sum over channels in order.
final class TensorOutputEvaluator: CandidateEvaluator {
    let xqT: [Float]          // K x T
    let exact: [Double]       // N x T
    let tokens: Int, k: Int, outputs: Int
    var previous: [Float], output: [Double]

    init(xqT: [Float], exact: [Double], tokens: Int, k: Int, outputs: Int) {
        self.xqT = xqT; self.exact = exact; self.tokens = tokens; self.k = k; self.outputs = outputs
        previous = [Float](repeating: 0, count: outputs * k)
        output = [Double](repeating: 0, count: outputs * tokens)
    }

    override func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, quantized: UnsafeMutableBufferPointer<Float>) -> Double {
        if candidate == 0 {
            for i in previous.indices { previous[i] = 0 }
            for i in output.indices { output[i] = 0 }
        }
        let (tokens, k) = (self.tokens, self.k)
        var rows = [Double](repeating: 0, count: outputs)
        xqT.withUnsafeBufferPointer { x in
            exact.withUnsafeBufferPointer { e in
                previous.withUnsafeMutableBufferPointer { p in
                    output.withUnsafeMutableBufferPointer { o in
                        rows.withUnsafeMutableBufferPointer { r in
                            ParallelChunks.run(count: outputs, grain: LayerOutput.grain(tokens: tokens, k: k)) { n0, n1 in
                                for n in n0 ..< n1 {
                                    LayerOutput.update(o.baseAddress! + n * tokens, columns: x.baseAddress!, length: tokens, old: p.baseAddress! + n * k,
                                                       new: quantized.baseAddress! + n * k, count: k)
                                    r[n] = LayerOutput.squaredDistance(e.baseAddress! + n * tokens, o.baseAddress! + n * tokens, tokens)
                                }
                            }
                        }
                    }
                }
            }
        }
        return rows.reduce(0, +)
    }
}

/// The activations X as one group, with Wq fixed: token rows updated on all cores, summed in order.
final class ActivationOutputEvaluator: CandidateEvaluator {
    let wqT: [Float]          // K x N
    let exactT: [Double]      // T x N
    let tokens: Int, k: Int, outputs: Int
    var previous: [Float], output: [Double]

    init(wqT: [Float], exactT: [Double], tokens: Int, k: Int, outputs: Int) {
        self.wqT = wqT; self.exactT = exactT; self.tokens = tokens; self.k = k; self.outputs = outputs
        previous = [Float](repeating: 0, count: tokens * k)
        output = [Double](repeating: 0, count: tokens * outputs)
    }

    override func error(group: Int, candidate: Int, values: UnsafeMutableBufferPointer<Float>, quantized: UnsafeMutableBufferPointer<Float>) -> Double {
        if candidate == 0 {
            for i in previous.indices { previous[i] = 0 }
            for i in output.indices { output[i] = 0 }
        }
        let (outputs, k) = (self.outputs, self.k)
        var rows = [Double](repeating: 0, count: tokens)
        wqT.withUnsafeBufferPointer { w in
            exactT.withUnsafeBufferPointer { e in
                previous.withUnsafeMutableBufferPointer { p in
                    output.withUnsafeMutableBufferPointer { o in
                        rows.withUnsafeMutableBufferPointer { r in
                            ParallelChunks.run(count: tokens, grain: LayerOutput.grain(tokens: outputs, k: k)) { t0, t1 in
                                for t in t0 ..< t1 {
                                    LayerOutput.update(o.baseAddress! + t * outputs, columns: w.baseAddress!, length: outputs, old: p.baseAddress! + t * k,
                                                       new: quantized.baseAddress! + t * k, count: k)
                                    r[t] = LayerOutput.squaredDistance(e.baseAddress! + t * outputs, o.baseAddress! + t * outputs, outputs)
                                }
                            }
                        }
                    }
                }
            }
        }
        return rows.reduce(0, +)
    }
}
