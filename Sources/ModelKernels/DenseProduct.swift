/// C = A · Bᵀ (+ bias) in FP32: A is m x k row-major, B a `PanelMatrix` of n rows and k columns,
/// C is m x n row-major. This is the FP32 matrix multiply of the transformer's linear maps.
///
/// Summation order (fixed, so results do not depend on threads, tiling, the vector unit or the
/// batch a row is in): every output is `c = 0; for j in 0 ..< k { c = fma(a[j], b[j], c) }` (IEEE
/// fused multiply-add, one rounding per step), then `c + bias` (one rounding). Rows are split over
/// the workers in fixed chunks of `rowsPerTask`; each row's result is the same in any chunk or tile.
///
/// Blocking: 6 rows x `PanelMatrix.width` outputs per tile, the accumulators held in registers
/// across the whole reduction (AVX2: six `SIMD16<Float>`, twelve ymm registers; AVX-512: twelve,
/// twelve zmm registers); the panel of B streams through one or two vector loads per step and each
/// row of A gives one broadcast. Built without FMA hardware, each fused multiply-add is a library
/// call: the same results, many times slower.
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
        withUnsafeTemporaryAllocation(of: Float.self, capacity: tileRows * w) { tile in
            let tile = tile.baseAddress!
            for p in 0..<b.panelCount {
                let panel = panels + p * k * w
                let outputs = min(w, n - p * w)
                var row = start
                while row < end {
                    let height = min(tileRows, end - row)
                    if height == tileRows {
                        kernel6(a + row * k, k, panel, tile)
                    } else {
                        for r in 0..<height { kernel1(a + (row + r) * k, k, panel, tile + r * w) }
                    }
                    for r in 0..<height {
                        let to = c + (row + r) * n + p * w, from = tile + r * w
                        if let bias {
                            for i in 0..<outputs { to[i] = from[i] + bias[p * w + i] }
                        } else {
                            to.update(from: from, count: outputs)
                        }
                    }
                    row += height
                }
            }
        }
    }

    #if QUANTLAB_AVX512
    /// Six rows x 32 outputs: out[r] = Σ_j fma(a[r][j], panel[j]), sequentially in j.
    @inline(__always)
    static func kernel6(_ a: UnsafePointer<Float>, _ k: Int, _ panel: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
        var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
        var c40 = SIMD16<Float>(), c41 = SIMD16<Float>(), c50 = SIMD16<Float>(), c51 = SIMD16<Float>()
        let raw = UnsafeRawPointer(panel)
        for j in 0..<k {
            let b0 = raw.loadUnaligned(fromByteOffset: j * 128, as: SIMD16<Float>.self)
            let b1 = raw.loadUnaligned(fromByteOffset: j * 128 + 64, as: SIMD16<Float>.self)
            let x0 = SIMD16<Float>(repeating: a[j]), x1 = SIMD16<Float>(repeating: a[k + j]), x2 = SIMD16<Float>(repeating: a[2 * k + j])
            let x3 = SIMD16<Float>(repeating: a[3 * k + j]), x4 = SIMD16<Float>(repeating: a[4 * k + j]), x5 = SIMD16<Float>(repeating: a[5 * k + j])
            c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1)
            c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1)
            c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1)
            c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1)
            c40 = c40.addingProduct(x4, b0); c41 = c41.addingProduct(x4, b1)
            c50 = c50.addingProduct(x5, b0); c51 = c51.addingProduct(x5, b1)
        }
        let o = UnsafeMutableRawPointer(out)
        o.storeBytes(of: c00, toByteOffset: 0, as: SIMD16<Float>.self); o.storeBytes(of: c01, toByteOffset: 64, as: SIMD16<Float>.self)
        o.storeBytes(of: c10, toByteOffset: 128, as: SIMD16<Float>.self); o.storeBytes(of: c11, toByteOffset: 192, as: SIMD16<Float>.self)
        o.storeBytes(of: c20, toByteOffset: 256, as: SIMD16<Float>.self); o.storeBytes(of: c21, toByteOffset: 320, as: SIMD16<Float>.self)
        o.storeBytes(of: c30, toByteOffset: 384, as: SIMD16<Float>.self); o.storeBytes(of: c31, toByteOffset: 448, as: SIMD16<Float>.self)
        o.storeBytes(of: c40, toByteOffset: 512, as: SIMD16<Float>.self); o.storeBytes(of: c41, toByteOffset: 576, as: SIMD16<Float>.self)
        o.storeBytes(of: c50, toByteOffset: 640, as: SIMD16<Float>.self); o.storeBytes(of: c51, toByteOffset: 704, as: SIMD16<Float>.self)
    }

    /// One row x 32 outputs, the same arithmetic per output as `kernel6`.
    @inline(__always)
    static func kernel1(_ a: UnsafePointer<Float>, _ k: Int, _ panel: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>()
        let raw = UnsafeRawPointer(panel)
        for j in 0..<k {
            let x = SIMD16<Float>(repeating: a[j])
            c0 = c0.addingProduct(x, raw.loadUnaligned(fromByteOffset: j * 128, as: SIMD16<Float>.self))
            c1 = c1.addingProduct(x, raw.loadUnaligned(fromByteOffset: j * 128 + 64, as: SIMD16<Float>.self))
        }
        UnsafeMutableRawPointer(out).storeBytes(of: c0, as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(out).storeBytes(of: c1, toByteOffset: 64, as: SIMD16<Float>.self)
    }
    #else
    /// Six rows x 16 outputs: out[r] = Σ_j fma(a[r][j], panel[j]), sequentially in j.
    @inline(__always)
    static func kernel6(_ a: UnsafePointer<Float>, _ k: Int, _ panel: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>()
        var c3 = SIMD16<Float>(), c4 = SIMD16<Float>(), c5 = SIMD16<Float>()
        let raw = UnsafeRawPointer(panel)
        for j in 0..<k {
            let b = raw.loadUnaligned(fromByteOffset: j * 64, as: SIMD16<Float>.self)
            c0 = c0.addingProduct(SIMD16(repeating: a[j]), b)
            c1 = c1.addingProduct(SIMD16(repeating: a[k + j]), b)
            c2 = c2.addingProduct(SIMD16(repeating: a[2 * k + j]), b)
            c3 = c3.addingProduct(SIMD16(repeating: a[3 * k + j]), b)
            c4 = c4.addingProduct(SIMD16(repeating: a[4 * k + j]), b)
            c5 = c5.addingProduct(SIMD16(repeating: a[5 * k + j]), b)
        }
        let o = UnsafeMutableRawPointer(out)
        o.storeBytes(of: c0, toByteOffset: 0, as: SIMD16<Float>.self)
        o.storeBytes(of: c1, toByteOffset: 64, as: SIMD16<Float>.self)
        o.storeBytes(of: c2, toByteOffset: 128, as: SIMD16<Float>.self)
        o.storeBytes(of: c3, toByteOffset: 192, as: SIMD16<Float>.self)
        o.storeBytes(of: c4, toByteOffset: 256, as: SIMD16<Float>.self)
        o.storeBytes(of: c5, toByteOffset: 320, as: SIMD16<Float>.self)
    }

    /// One row x 16 outputs, the same arithmetic per output as `kernel6`.
    @inline(__always)
    static func kernel1(_ a: UnsafePointer<Float>, _ k: Int, _ panel: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        var c0 = SIMD16<Float>()
        let raw = UnsafeRawPointer(panel)
        for j in 0..<k {
            c0 = c0.addingProduct(SIMD16(repeating: a[j]), raw.loadUnaligned(fromByteOffset: j * 64, as: SIMD16<Float>.self))
        }
        UnsafeMutableRawPointer(out).storeBytes(of: c0, as: SIMD16<Float>.self)
    }
    #endif
}
