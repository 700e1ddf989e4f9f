
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

    /// GELU in place with erf (not the tanh approximation): x · Φ(x) = 0.5 · x · (1 + erf(x / √2))
    /// (Hendrycks and Gimpel 2016; BERT's "gelu"), erf from `erf16` (within 4.3e-7 of the exact erf;
    /// glibc's erff is within 5e-8 but costs several times as much), 16 elements at a time.
    public static func gelu(_ x: UnsafeMutablePointer<Float>, rows: Int, width n: Int, workers: Int) {
        let invSqrt2 = SIMD16<Float>(repeating: 0.70710678118654752440)
        forRows(rows, workers) { row in
            let v = UnsafeMutableRawPointer(x + row * n)
            var j = 0
            while j < n {
                let count = min(16, n - j)
                var lanes = SIMD16<Float>()
                if count == 16 { lanes = v.loadUnaligned(fromByteOffset: 4 * j, as: SIMD16<Float>.self) } else {
                    for i in 0..<count { lanes[i] = x[row * n + j + i] }
                }
                let y = 0.5 * lanes * (1 + erf16(lanes * invSqrt2))
                if count == 16 { v.storeBytes(of: y, toByteOffset: 4 * j, as: SIMD16<Float>.self) } else {
                    for i in 0..<count { x[row * n + j + i] = y[i] }
                }
                j += 16
            }
        }
    }

    /// erf(x) for 16 floats: x clamped to [-4, 4] (erf is ±1 in float32 beyond), then the odd/even
    /// rational approximation x·P(x²)/Q(x²) with P of degree 6 and Q of degree 4 in x² (the
    /// coefficients Eigen and XLA use for float erf), each polynomial by Horner's rule with fused
    /// multiply-adds. Largest absolute error against the exact erf: 4.3e-7 on [-5, 5]
    /// (`RowKernelsTests` checks it against glibc's erff).
    @inline(__always)
    public static func erf16(_ a: SIMD16<Float>) -> SIMD16<Float> {
        let x = a.clamped(lowerBound: SIMD16(repeating: -4), upperBound: SIMD16(repeating: 4))
        let x2 = x * x
        @inline(__always) func step(_ acc: SIMD16<Float>, _ c: Float) -> SIMD16<Float> { SIMD16(repeating: c).addingProduct(acc, x2) }
        var p = SIMD16<Float>(repeating: -2.72614225801306e-10)
        p = step(p, 2.77068142495902e-08)
        p = step(p, -2.10102402082508e-06)
        p = step(p, -5.69250639462346e-05)
        p = step(p, -7.34990630326855e-04)
        p = step(p, -2.95459980854025e-03)
        p = step(p, -1.60960333262415e-02)
        var q = SIMD16<Float>(repeating: -1.45660718464996e-05)
        q = step(q, -2.13374055278905e-04)
        q = step(q, -1.68282697438203e-03)
        q = step(q, -7.37332916720468e-03)
        q = step(q, -1.42647390514189e-02)
        return x * p / q
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
