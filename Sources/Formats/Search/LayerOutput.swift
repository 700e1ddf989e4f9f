/// The layer-output objective's arithmetic: `O = X W^T` for X [tokens, in] and W [out, in], both
/// rows contiguous, kept in Double and updated by changed elements (`CandidateEvaluator`), and the
/// squared error of a quantized output against the exact one. Every sum runs in a fixed order per
/// output row, so the bits do not depend on the thread count.
enum LayerOutput {
    /// `X W^T` transposed ([outputs, tokens]), each element summed in Double over the in features
    /// in order (as the evaluators' updates from zero); rows on all cores.
    static func exactProduct(x: [Float], tokens: Int, w: [Float], outputs: Int, k: Int) -> [Double] {
        let xT = transposed(x.map(Double.init), rows: tokens, columns: k)
        var out = [Double](repeating: 0, count: outputs * tokens)
        xT.withUnsafeBufferPointer { xt in
            w.withUnsafeBufferPointer { wp in
                out.withUnsafeMutableBufferPointer { o in
                    ParallelChunks.run(count: outputs, grain: grain(tokens: tokens, k: k)) { n0, n1 in
                        var acc = [Double](repeating: 0, count: tokens), zeros = [Float](repeating: 0, count: k)
                        for n in n0 ..< n1 {
                            for t in 0 ..< tokens { acc[t] = 0 }
                            for j in 0 ..< k { zeros[j] = 0 }
                            acc.withUnsafeMutableBufferPointer { a in
                                zeros.withUnsafeMutableBufferPointer { z in
                                    update(a.baseAddress!, columns: xt.baseAddress!, length: tokens, old: z.baseAddress!, new: wp.baseAddress! + n * k, count: k)
                                }
                            }
                            for t in 0 ..< tokens { o[n * tokens + t] = acc[t] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `o[i] += columns[j * length + i] * (new[j] - old[j])` for every j < count where `new[j] != old[j]`
    /// (then `old[j] = new[j]`): the product's update by the changed elements, in Double (the
    /// columns are float32 values held as Double, so every product is the same as from float32).
    @inline(__always)
    static func update(_ o: UnsafeMutablePointer<Double>, columns: UnsafePointer<Double>, length: Int, old: UnsafeMutablePointer<Float>,
                       new: UnsafePointer<Float>, count: Int) {
        for j in 0 ..< count where new[j].bitPattern != old[j].bitPattern {
            let delta = Double(new[j]) - Double(old[j])
            old[j] = new[j]
            let c = columns + j * length
            var i = 0
            while i + 4 <= length {
                let v = UnsafeRawPointer(c + i).loadUnaligned(as: SIMD4<Double>.self)
                let p = UnsafeMutableRawPointer(o + i)
                p.storeBytes(of: p.loadUnaligned(as: SIMD4<Double>.self) + v * delta, as: SIMD4<Double>.self)
                i += 4
            }
            while i < length { o[i] += c[i] * delta; i += 1 }
        }
    }

    /// `sum_i (exact[i] - scale o[i])^2` in Double, in order.
    @inline(__always)
    static func squaredDistance(_ exact: UnsafePointer<Double>, _ o: UnsafePointer<Double>, scale: Double, _ count: Int) -> Double {
        var total = 0.0
        for i in 0 ..< count {
            let d = exact[i] - scale * o[i]
            total += d * d
        }
        return total
    }

    /// `a` [rows, columns] transposed to [columns, rows].
    static func transposed<T: Numeric>(_ a: [T], rows: Int, columns: Int) -> [T] {
        var t = [T](repeating: 0, count: a.count)
        for r in 0 ..< rows { for c in 0 ..< columns { t[c * rows + r] = a[r * columns + c] } }
        return t
    }

    /// Output channels per parallel chunk: about 2^20 multiply-adds each.
    static func grain(tokens: Int, k: Int) -> Int { Swift.max(1, (1 << 20) / Swift.max(1, tokens * k)) }
}
