import Foundation

/// Multi-head self-attention of packed sentences (no padding rows: sentence s owns rows
/// `starts[s] ..< starts[s + 1]`, so the padding mask is the sentence boundary).
///
/// For each sentence and head h (columns h·d ..< (h+1)·d of Q, K and V, read from one row of
/// `3 · heads · d` floats: Q, then K, then V):
/// s_ij = fl(Σ_t q_it k_jt) / √d with the dot product a chain of fused multiply-adds in t order,
/// p_ij = exp(s_ij - max_j s_ij) / Σ_j exp(s_ij - max_j s_ij) (the sum left to right in j), and
/// out_i = Σ_j p_ij v_j as a chain of fused multiply-adds in j order. Scores are computed for 16 keys
/// at once (one key per lane, K of the head transposed first) and the output 16 features at once;
/// each lane runs exactly the chain above. Every (sentence, head) pair is one task, so results do
/// not depend on the worker count. Needs d to be a multiple of 16.
public enum AttentionKernel {
    /// `qkv`: rows x (3·heads·d); `context`: rows x (heads·d). `scores`, when given, receives the
    /// pre-softmax scores s_ij of sentence s, head h at `scoreOffsets[s] + (h · L + i) · L + j`
    /// (L the sentence's length).
    public static func run(qkv: UnsafePointer<Float>, starts: [Int], heads: Int, headSize d: Int,
                           context: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>?, scoreOffsets: [Int],
                           workers: Int) {
        precondition(d % 16 == 0, "AttentionKernel: head size \(d) is not a multiple of 16")
        let sentences = starts.count - 1
        let width = heads * d, stride = 3 * width
        let root = Float(d).squareRoot()
        let longest = (0..<max(sentences, 0)).map { starts[$0 + 1] - starts[$0] }.max() ?? 0
        let padded = (longest + 15) / 16 * 16
        ParallelTasks.run(count: sentences * heads, workers: workers) { task in
            let s = task / heads, h = task % heads
            let first = starts[s], length = starts[s + 1] - first
            let blocks = (length + 15) / 16
            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(padded * (d + 1), 1)) { buffer in
                let keys = buffer.baseAddress!, row = keys + padded * d  // keys[t * padded + j] = k_jt
                for j in 0..<(blocks * 16) {
                    let k = qkv + (first + min(j, length - 1)) * stride + width + h * d
                    for t in 0..<d { keys[t * padded + j] = k[t] }
                }
                let keyLanes = UnsafeRawPointer(keys), rowLanes = UnsafeMutableRawPointer(row)
                for i in 0..<length {
                    let q = qkv + (first + i) * stride + h * d
                    for b in 0..<blocks {
                        var dot = SIMD16<Float>()
                        for t in 0..<d {
                            dot = dot.addingProduct(SIMD16(repeating: q[t]),
                                                    keyLanes.loadUnaligned(fromByteOffset: 4 * (t * padded + 16 * b), as: SIMD16<Float>.self))
                        }
                        rowLanes.storeBytes(of: dot / root, toByteOffset: 64 * b, as: SIMD16<Float>.self)
                    }
                    var maximum = -Float.infinity
                    for j in 0..<length { maximum = max(maximum, row[j]) }
                    if let scores { (scores + scoreOffsets[s] + (h * length + i) * length).update(from: row, count: length) }
                    var sum: Float = 0
                    for j in 0..<length {
                        let e = expf(row[j] - maximum)
                        row[j] = e
                        sum += e
                    }
                    for j in 0..<length { row[j] /= sum }  // p_ij, once per key (not once per 16 features)
                    let out = UnsafeMutableRawPointer(context + (first + i) * width + h * d)
                    for c in 0..<(d / 16) {
                        var acc = SIMD16<Float>()
                        for j in 0..<length {
                            let v = UnsafeRawPointer(qkv + (first + j) * stride + 2 * width + h * d)
                            acc = acc.addingProduct(SIMD16(repeating: row[j]), v.loadUnaligned(fromByteOffset: 64 * c, as: SIMD16<Float>.self))
                        }
                        out.storeBytes(of: acc, toByteOffset: 64 * c, as: SIMD16<Float>.self)
                    }
                }
            }
        }
    }
}
