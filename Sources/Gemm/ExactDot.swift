/// Exact dot products of operand rows, for the `exact` accumulator and the reference.
///
/// Row i of A and row j of B give `sum_k (P_a s_a)(P_b s_b)` with every value exact: `P_a P_b` and
/// `s_a s_b` are exact Doubles (products of two float32), their product is added as a TwoProduct
/// pair into an `ExactSum`, so nothing is rounded until the caller reads `RO_53` of the total.
enum ExactDot {
    /// `RO_53` of the exact dot product of row `i` of `a` and row `j` of `b` (same depth).
    static func odd(_ a: QuantizedOperand, row i: Int, _ b: QuantizedOperand, row j: Int, sum: inout ExactSum) -> Double {
        sum.clear()
        let k = a.depth
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                let x = pa.baseAddress! + i * k, y = pb.baseAddress! + j * k
                if a.scales == nil && b.scales == nil {
                    for kk in 0 ..< k { sum.add(Double(x[kk]) * Double(y[kk])) }
                    return
                }
                // One scale product per run of K where neither operand's group changes.
                var kk = 0
                while kk < k {
                    let end = min(k, (kk / a.groupLength + 1) * a.groupLength, (kk / b.groupLength + 1) * b.groupLength)
                    let c = Double(a.scale(row: i, k: kk)) * Double(b.scale(row: j, k: kk))
                    for q in kk ..< end { sum.addProduct(Double(x[q]) * Double(y[q]), c) }
                    kk = end
                }
            }
        }
        return sum.odd()
    }

    /// `RO_53` of the exact dot product of two float32 rows of length `count`.
    static func odd(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int, sum: inout ExactSum) -> Double {
        sum.clear()
        for q in 0 ..< count { sum.add(Double(x[q]) * Double(y[q])) }
        return sum.odd()
    }
}
