import Foundation

/// The element-wise and per-row steps of a BERT layer, on row-major buffers of `rows` x `width`,
/// split over workers in fixed chunks of rows (each row is computed the same way in any chunk).
public enum RowKernels {
    /// Rows per parallel task.
    static let rowsPerTask = 64

    /// Post-LayerNorm of a residual sum, in place on `x`: for each row, v = x + residual (when given),
    /// μ = Σv / n, σ² = Σ(v - μ)² / n (both summed left to right), then
    /// x = (v - μ) / sqrt(σ² + ε) · γ + β (BERT's LayerNorm, biased variance).
    public static func layerNorm(_ x: UnsafeMutablePointer<Float>, adding residual: UnsafePointer<Float>?, rows: Int, width n: Int,
                                 gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float, workers: Int) {
        forRows(rows, workers) { row in
            let v = x + row * n
            if let residual {
                let r = residual + row * n
                for j in 0..<n { v[j] += r[j] }
            }
            var sum: Float = 0
            for j in 0..<n { sum += v[j] }
            let mean = sum / Float(n)
            var squares: Float = 0
            for j in 0..<n {
                let d = v[j] - mean
                squares += d * d
            }
            let inverse = 1 / (squares / Float(n) + epsilon).squareRoot()
            for j in 0..<n { v[j] = (v[j] - mean) * inverse * gamma[j] + beta[j] }
        }
    }

    /// Exact GELU in place: x · Φ(x) = 0.5 · x · (1 + erf(x / √2)) (Hendrycks and Gimpel 2016; BERT's
    /// "gelu"), with the C library's erff.
    public static func gelu(_ x: UnsafeMutablePointer<Float>, rows: Int, width n: Int, workers: Int) {
        let invSqrt2 = Float(0.70710678118654752440)
        forRows(rows, workers) { row in
            let v = x + row * n
            for j in 0..<n { v[j] = 0.5 * v[j] * (1 + erff(v[j] * invSqrt2)) }
        }
    }

    /// Runs `body(row)` for every row, `rowsPerTask` rows per task.
    @inline(__always)
    static func forRows(_ rows: Int, _ workers: Int, _ body: (Int) -> Void) {
        let tasks = (rows + rowsPerTask - 1) / rowsPerTask
        ParallelTasks.run(count: tasks, workers: workers) { task in
            for row in (task * rowsPerTask)..<min(rows, (task + 1) * rowsPerTask) { body(row) }
        }
    }
}
