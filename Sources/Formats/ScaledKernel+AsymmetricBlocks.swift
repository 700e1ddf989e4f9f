/// The fused pass of asymmetric block formats (`uint:N` elements with a zero point per block,
/// `ScaledFormat.asymmetricScale`): per batch of blocks, each block's finite extremes, its scale and
/// zero point, then the elements `fl32((q - z) s)` with `q = round_elem(fl32(fl32(x / s) + z))`
/// (`zeroPointRun`: blocks under 128 elements in one loop over the batch with per-element scales and
/// zero points, longer ones block by block), while the batch is in cache; one
/// read of the input. The same values, scales and zero points as `GroupStatistics` (signed) then
/// `ScaledFormat.scales` then `apply`: a block whose least or greatest finite value is a zero takes
/// the sign of its first zero, as the element-by-element walk does.
extension ScaledKernel {
    @inline(__always)
    func runAsymmetricBlocks<E: ElementRounding>(_ e: E, _ pass: BlockPass, _ asymmetric: AsymmetricBlocks) {
        let (rowLength, size) = (pass.rowLength, pass.size)
        let perRow = (rowLength + size - 1) / size
        let chunks = Swift.max(1, ParallelChunks.defaultGrain / size)
        let batch = Swift.max(1, 2048 / size)
        // Short blocks: scales and zero points spread per element, one loop over the batch; long
        // ones (a loop of 128 or more elements vectorizes on its own): block by block.
        let long = size >= 128
        ParallelChunks.run(count: layout.groupCount, grain: chunks) { g0, g1 in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * batch * size + 3 * batch) { scratch in
                let batchStored = scratch.baseAddress!, batchZero = batchStored + batch, batchApplied = batchZero + batch
                let perScale = batchApplied + batch, perZero = perScale + batch * size
                var g = g0
                var row = g / perRow, column = g % perRow
                while g < g1 {
                    let gEnd = Swift.min(g1, g + batch), count = gEnd - g
                    let first = row * rowLength + column * size
                    let stored = pass.stored.map { $0 + g } ?? batchStored, applied = pass.applied.map { $0 + g } ?? batchApplied
                    let zero = asymmetric.zeroPoints.map { $0 + g } ?? batchZero
                    var (r, c) = (row, column)
                    var last = first, special = false
                    for k in 0 ..< count {
                        let a = r * rowLength + c * size, b = Swift.min(r * rowLength + rowLength, a + size)
                        let x = long ? GroupStatistics.signedExtremes(src, a, b) : GroupStatistics.signedExtremes8(src, a, b)
                        if x.any >= 0x7F80_0000 {
                            (stored[k], applied[k], zero[k]) = (.nan, .nan, 0)
                        } else {
                            var low = GroupStatistics.value(ofKey: x.low), high = GroupStatistics.value(ofKey: x.high)
                            if low == 0 || high == 0, let z = GroupStatistics.firstZero(src, a, b) {
                                if low == 0 { low = z }
                                if high == 0 { high = z }
                            }
                            let (s, z) = ScaledFormat.asymmetricScale(low: low, high: high, ratio: pass.ratio, levels: asymmetric.levels)
                            (stored[k], applied[k], zero[k]) = (s, s, z)
                        }
                        if long {
                            // A long block runs with its scale and zero point in registers.
                            zeroPointRun(e, a, b, applied + k, zero + k, perElement: false, special: false)
                        } else {
                            special = special || SpecialScale.value(applied[k]) != nil
                            ScaledKernel.broadcast(applied[k], perScale + (a - first), b - a)
                            ScaledKernel.broadcast(zero[k], perZero + (a - first), b - a)
                        }
                        last = b
                        c += 1
                        if c == perRow { c = 0; r += 1 }
                    }
                    if !long { zeroPointRun(e, first, last, perScale, perZero, perElement: true, special: special) }
                    (g, row, column) = (gEnd, r, c)
                }
            }
        }
    }
}

/// What the asymmetric fused pass needs beyond `BlockPass`: the element's largest code (the
/// number of steps between the block's extremes) and where to put each block's zero point.
@usableFromInline
struct AsymmetricBlocks {
    @usableFromInline var levels: Float
    @usableFromInline var zeroPoints: UnsafeMutablePointer<Float>?
}
