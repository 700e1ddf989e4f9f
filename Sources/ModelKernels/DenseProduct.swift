/// C = A · Bᵀ (+ bias) in FP32: A is m x k row-major, B a `PanelMatrix` of n rows and k columns,
/// C is m x n row-major. This is the FP32 matrix multiply of the transformer's linear maps.
///
/// Summation order (fixed, so results do not depend on threads, tiling or the batch a row is in):
/// every output is `c = 0; for j in 0 ..< k { c = fma(a[j], b[j], c) }` (IEEE fused multiply-add,
/// one rounding per step), then `c + bias` (one rounding). Rows are split over the cores in fixed
/// chunks of `rowsPerTask`; each row's result is the same whichever chunk or tile it falls in.
///
/// Blocking: 6 rows x 16 outputs per tile, held in six `SIMD16<Float>` accumulators (twelve AVX2
/// registers) across the whole reduction; the panel of B streams through one vector load per step
/// and each row of A gives one broadcast.
public enum DenseProduct {
    /// Rows of A handed to one parallel task (a multiple of the tile height).
    public static let rowsPerTask = 48
    static let tileRows = 6

    /// C (m x n) = A (m x k) · Bᵀ + bias. `bias` is nil or n floats.
    public static func multiply(_ a: UnsafePointer<Float>, rows m: Int, _ b: PanelMatrix, bias: UnsafePointer<Float>?,
                                into c: UnsafeMutablePointer<Float>, workers: Int = ParallelTasks.defaultWorkers) {
        let tasks = (m + rowsPerTask - 1) / rowsPerTask
        guard tasks > 0, b.rows > 0 else { return }
        b.storage.withUnsafeBufferPointer { panels in
            let panels = panels.baseAddress!
            ParallelTasks.run(count: tasks, workers: workers) { task in
                let start = task * rowsPerTask, end = min(m, start + rowsPerTask)
                multiplyRows(a, start, end, b, panels, bias, c)
            }
        }
    }

    /// Rows start ..< end of C, one panel of B at a time (the panel stays in cache across the rows).
    @inline(__always)
    static func multiplyRows(_ a: UnsafePointer<Float>, _ start: Int, _ end: Int, _ b: PanelMatrix,
                             _ panels: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ c: UnsafeMutablePointer<Float>) {
        let k = b.columns, n = b.rows, w = PanelMatrix.width
        var tile = [Float](repeating: 0, count: tileRows * w)
        tile.withUnsafeMutableBufferPointer { tile in
            let tile = tile.baseAddress!
            for p in 0..<b.panelCount {
                let panel = panels + p * k * w
                let outputs = min(w, n - p * w)
                var biasVector = SIMD16<Float>()
                if let bias { for i in 0..<outputs { biasVector[i] = bias[p * w + i] } }
                var row = start
                while row < end {
                    let height = min(tileRows, end - row)
                    if height == tileRows {
                        kernel6(a + row * k, k, panel, biasVector, tile)
                    } else {
                        for r in 0..<height { kernel1(a + (row + r) * k, k, panel, biasVector, tile + r * w) }
                    }
                    for r in 0..<height {
                        (c + (row + r) * n + p * w).update(from: tile + r * w, count: outputs)
                    }
                    row += height
                }
            }
        }
    }

    /// Six rows x 16 outputs: out[r] = Σ_j fma(a[r][j], panel[j]) + bias, sequentially in j.
    @inline(__always)
    static func kernel6(_ a: UnsafePointer<Float>, _ k: Int, _ panel: UnsafePointer<Float>, _ bias: SIMD16<Float>,
                        _ out: UnsafeMutablePointer<Float>) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>()
        var c3 = SIMD16<Float>(), c4 = SIMD16<Float>(), c5 = SIMD16<Float>()
        let a0 = a, a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k, a4 = a + 4 * k, a5 = a + 5 * k
        let raw = UnsafeRawPointer(panel)
        for j in 0..<k {
            let b = raw.loadUnaligned(fromByteOffset: j * 64, as: SIMD16<Float>.self)
            c0 = c0.addingProduct(SIMD16(repeating: a0[j]), b)
            c1 = c1.addingProduct(SIMD16(repeating: a1[j]), b)
            c2 = c2.addingProduct(SIMD16(repeating: a2[j]), b)
            c3 = c3.addingProduct(SIMD16(repeating: a3[j]), b)
            c4 = c4.addingProduct(SIMD16(repeating: a4[j]), b)
            c5 = c5.addingProduct(SIMD16(repeating: a5[j]), b)
        }
        let o = UnsafeMutableRawPointer(out)
        o.storeBytes(of: c0 + bias, toByteOffset: 0, as: SIMD16<Float>.self)
        o.storeBytes(of: c1 + bias, toByteOffset: 64, as: SIMD16<Float>.self)
        o.storeBytes(of: c2 + bias, toByteOffset: 128, as: SIMD16<Float>.self)
        o.storeBytes(of: c3 + bias, toByteOffset: 192, as: SIMD16<Float>.self)
        o.storeBytes(of: c4 + bias, toByteOffset: 256, as: SIMD16<Float>.self)
        o.storeBytes(of: c5 + bias, toByteOffset: 320, as: SIMD16<Float>.self)
    }

    /// One row x 16 outputs, the same arithmetic per output as `kernel6`.
    @inline(__always)
    static func kernel1(_ a: UnsafePointer<Float>, _ k: Int, _ panel: UnsafePointer<Float>, _ bias: SIMD16<Float>,
                        _ out: UnsafeMutablePointer<Float>) {
        var c0 = SIMD16<Float>()
        let raw = UnsafeRawPointer(panel)
        for j in 0..<k {
            c0 = c0.addingProduct(SIMD16(repeating: a[j]), raw.loadUnaligned(fromByteOffset: j * 64, as: SIMD16<Float>.self))
        }
        UnsafeMutableRawPointer(out).storeBytes(of: c0 + bias, as: SIMD16<Float>.self)
    }
}
