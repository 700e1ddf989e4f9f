import Foundation

/// Multi-head self-attention of packed sentences (no padding rows: sentence s owns rows
/// `starts[s] ..< starts[s + 1]`, so the padding mask is the sentence boundary).
///
/// For each sentence and head h (columns h·d ..< (h+1)·d of Q, K and V, read from one row of
/// `3 · heads · d` floats: Q, then K, then V):
/// s_ij = (Σ_t q_it k_jt) / √d (dot product summed left to right in t), p_ij = exp(s_ij - max_j s_ij)
/// / Σ_j exp(...) (sums left to right in j), out_i = Σ_j p_ij v_j (left to right in j).
/// Every (sentence, head) pair is one task, so results do not depend on the worker count.
public enum AttentionKernel {
    /// `qkv`: rows x (3·heads·d); `context`: rows x (heads·d). `scores`, when given, receives the
    /// pre-softmax scores s_ij of sentence s, head h at `scoreOffsets[s] + (h · L + i) · L + j`
    /// (L the sentence's length).
    public static func run(qkv: UnsafePointer<Float>, starts: [Int], heads: Int, headSize d: Int,
                           context: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>?, scoreOffsets: [Int],
                           workers: Int) {
        let sentences = starts.count - 1
        let width = heads * d, stride = 3 * width
        let root = Float(d).squareRoot()
        let longest = (0..<max(sentences, 0)).map { starts[$0 + 1] - starts[$0] }.max() ?? 0
        ParallelTasks.run(count: sentences * heads, workers: workers) { task in
            let s = task / heads, h = task % heads
            let first = starts[s], length = starts[s + 1] - first
            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(longest, 1)) { row in
                let row = row.baseAddress!
                for i in 0..<length {
                    let q = qkv + (first + i) * stride + h * d
                    var maximum = -Float.infinity
                    for j in 0..<length {
                        let k = qkv + (first + j) * stride + width + h * d
                        var dot: Float = 0
                        for t in 0..<d { dot = dot.addingProduct(q[t], k[t]) }
                        let v = dot / root
                        row[j] = v
                        maximum = max(maximum, v)
                    }
                    if let scores { (scores + scoreOffsets[s] + (h * length + i) * length).update(from: row, count: length) }
                    var sum: Float = 0
                    for j in 0..<length {
                        let e = expf(row[j] - maximum)
                        row[j] = e
                        sum += e
                    }
                    let out = context + (first + i) * width + h * d
                    for t in 0..<d { out[t] = 0 }
                    for j in 0..<length {
                        let p = row[j] / sum
                        let v = qkv + (first + j) * stride + 2 * width + h * d
                        for t in 0..<d { out[t] = out[t].addingProduct(p, v[t]) }
                    }
                }
            }
        }
    }
}
