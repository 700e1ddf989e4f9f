/// The layer-output objective's arithmetic: `O = X W^T` for X [tokens, in] and W [out, in], both
/// rows contiguous, and the squared error of a quantized output against the exact one.
///
/// Every output element is one dot product over `in` computed the same way wherever it is used:
/// 16 lanes (two SIMD8 accumulators, multiply then add, never fused) over k in steps of 16, the
/// lanes summed in a fixed tree, then the tail in order. Errors are summed in Double per output
/// channel in token order, and channels are combined in index order: the bits do not depend on
/// the thread count.
enum LayerOutput {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func lanes(_ v: SIMD8<Float>) -> Float {
        ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]))
    }

    /// `sum_k a[k] b[k]`, in the fixed order above.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ k: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= k {
            s0 = s0 + load(a + i) * load(b + i)
            s1 = s1 + load(a + i + 8) * load(b + i + 8)
            i += 16
        }
        var total = lanes(s0 + s1)
        while i < k { total = total + a[i] * b[i]; i += 1 }
        return total
    }

    /// The four dots of rows `a`, `a + k`, `a + 2k`, `a + 3k` with `b` (each as `dot` computes it).
    @inline(__always)
    static func dot4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ k: Int) -> SIMD4<Float> {
        var p0 = SIMD8<Float>(), q0 = SIMD8<Float>(), p1 = SIMD8<Float>(), q1 = SIMD8<Float>()
        var p2 = SIMD8<Float>(), q2 = SIMD8<Float>(), p3 = SIMD8<Float>(), q3 = SIMD8<Float>()
        let a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k
        var i = 0
        while i + 16 <= k {
            let b0 = load(b + i), b1 = load(b + i + 8)
            p0 = p0 + load(a + i) * b0; q0 = q0 + load(a + i + 8) * b1
            p1 = p1 + load(a1 + i) * b0; q1 = q1 + load(a1 + i + 8) * b1
            p2 = p2 + load(a2 + i) * b0; q2 = q2 + load(a2 + i + 8) * b1
            p3 = p3 + load(a3 + i) * b0; q3 = q3 + load(a3 + i + 8) * b1
            i += 16
        }
        var t = SIMD4<Float>(lanes(p0 + q0), lanes(p1 + q1), lanes(p2 + q2), lanes(p3 + q3))
        while i < k {
            t = t + SIMD4<Float>(a[i], a1[i], a2[i], a3[i]) * b[i]
            i += 1
        }
        return t
    }

    /// `sum_t (exact[t] - x[t] . w)^2` over the `tokens` rows of `x` (each `k` long), in Double.
    static func rowError(x: UnsafePointer<Float>, tokens: Int, k: Int, w: UnsafePointer<Float>, exact: UnsafePointer<Float>) -> Double {
        var total = 0.0, t = 0
        while t + 4 <= tokens {
            let o = dot4(x + t * k, w, k)
            for j in 0 ..< 4 {
                let d = Double(exact[t + j]) - Double(o[j])
                total += d * d
            }
            t += 4
        }
        while t < tokens {
            let d = Double(exact[t]) - Double(dot(x + t * k, w, k))
            total += d * d
            t += 1
        }
        return total
    }

    /// The transposed product: `out[n * tokens + t] = x[t] . w[n]`, rows of W on all cores.
    static func transposedProduct(x: UnsafePointer<Float>, tokens: Int, w: UnsafePointer<Float>, outputs: Int, k: Int,
                                  into out: UnsafeMutablePointer<Float>) {
        ParallelChunks.run(count: outputs, grain: grain(tokens: tokens, k: k)) { n0, n1 in
            for n in n0 ..< n1 {
                var t = 0
                while t + 4 <= tokens {
                    let o = dot4(x + t * k, w + n * k, k)
                    for j in 0 ..< 4 { out[n * tokens + t + j] = o[j] }
                    t += 4
                }
                while t < tokens { out[n * tokens + t] = dot(x + t * k, w + n * k, k); t += 1 }
            }
        }
    }

    /// Per output channel n: `sum_t (exact[n, t] - x[t] . w[n])^2`, channels on all cores.
    static func rowErrors(x: UnsafePointer<Float>, tokens: Int, w: UnsafePointer<Float>, outputs: Int, k: Int,
                          exact: UnsafePointer<Float>) -> [Double] {
        var errors = [Double](repeating: 0, count: outputs)
        errors.withUnsafeMutableBufferPointer { e in
            ParallelChunks.run(count: outputs, grain: grain(tokens: tokens, k: k)) { n0, n1 in
                for n in n0 ..< n1 { e[n] = rowError(x: x, tokens: tokens, k: k, w: w + n * k, exact: exact + n * tokens) }
            }
        }
        return errors
    }

    /// Output channels per parallel chunk: about 2^20 multiply-adds each.
    static func grain(tokens: Int, k: Int) -> Int { Swift.max(1, (1 << 20) / Swift.max(1, tokens * k)) }
}
