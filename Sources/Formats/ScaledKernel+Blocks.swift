/// The fused pass of block granularity (`GroupLayout.fusedBlocks`): per batch of blocks, their amax
/// (as magnitude bits), their scales (`ScaleCalculator.fill`, one vectorizable loop), then the
/// elements, while the batch is in cache; one read of the input.
///
/// Each block's scale is spread over its elements, and the elements run as one long loop over the
/// batch. Blocks of 16 or 32 that tile their rows (the row length a multiple of the block) find their
/// amax with the width a compile-time constant (`BlockWidth`), a loop LLVM unrolls into whole
/// vectors. (A loop per block with its scale in a register does not vectorize for minifloat and
/// level-table elements: LLVM unrolls it and then cannot vectorize the unrolled body.)
extension ScaledKernel {
    /// Each block's stored and applied scales are written to `pass.stored` and `pass.applied` (when
    /// given); `pass.tooLarge[chunk]` receives the largest amax that overflows (a scale the scale
    /// format cannot hold).
    @usableFromInline
    func runBlocks<E: ElementRounding>(_ e: E, _ pass: BlockPass) {
        if pass.rowLength % pass.size == 0 {
            switch pass.size {
            case 16: return runBlocks(e, pass, BlockWidth16.self)
            case 32: return runBlocks(e, pass, BlockWidth32.self)
            default: break
            }
        }
        runBlocks(e, pass, AnyBlockWidth.self)
    }

    @inline(__always)
    func runBlocks<E: ElementRounding, W: BlockWidth>(_ e: E, _ pass: BlockPass, _ width: W.Type) {
        let (rowLength, size) = (pass.rowLength, W.size ?? pass.size)
        let perRow = (rowLength + size - 1) / size
        let chunks = Swift.max(1, ParallelChunks.defaultGrain / size)
        let batch = Swift.max(1, 2048 / size)  // groups per batch: a few KB of per-element scales
        ParallelChunks.run(count: layout.groupCount, grain: chunks) { g0, g1 in
            var failed: Float = 0
            withUnsafeTemporaryAllocation(of: Float.self, capacity: batch * size + 2 * batch) { scratch in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: batch) { amaxScratch in
                    let amax = amaxScratch.baseAddress!, batchStored = scratch.baseAddress!, batchApplied = batchStored + batch
                    let perElement = batchApplied + batch
                    var g = g0
                    // Groups g ..< gEnd cover the contiguous elements first ..< last.
                    var row = g / perRow, column = g % perRow
                    while g < g1 {
                        let gEnd = Swift.min(g1, g + batch), count = gEnd - g
                        let first = row * rowLength + column * size
                        var (r, c) = (row, column)
                        if let w = W.size {
                            for k in 0 ..< count { amax[k] = ScaledKernel.maxMagnitudeBits(src + first + k * w, w) }
                        } else {
                            for k in 0 ..< count {
                                let a = r * rowLength + c * size, b = Swift.min(r * rowLength + rowLength, a + size)
                                amax[k] = GroupStatistics.maxMagnitudeBits(src, a, b)
                                c += 1
                                if c == perRow { c = 0; r += 1 }
                            }
                        }
                        let stored = pass.stored.map { $0 + g } ?? batchStored, applied = pass.applied.map { $0 + g } ?? batchApplied
                        let found = pass.scales.fill(amax, count: count, ratio: pass.ratio, stored: stored, applied: applied)
                        failed = Swift.max(failed, found.tooLarge)
                        (r, c) = (row, column)
                        var last = first
                        for k in 0 ..< count {
                            let a = r * rowLength + c * size, b = Swift.min(r * rowLength + rowLength, a + size)
                            ScaledKernel.broadcast(applied[k], perElement + (a - first), b - a)
                            last = b
                            c += 1
                            if c == perRow { c = 0; r += 1 }
                        }
                        elements(e, first, last, perElement)
                        if found.special { fixSpecialGroups(first, last, perElement) }
                        (g, row, column) = (gEnd, r, c)
                    }
                }
            }
            if failed > 0 { pass.tooLarge[g0 / chunks] = failed }
        }
    }

    /// Largest `bits & 0x7FFFFFFF` of `p[0 ..< w]`, `w` a constant.
    @inline(__always)
    static func maxMagnitudeBits(_ p: UnsafePointer<Float>, _ w: Int) -> UInt32 {
        var m: UInt32 = 0
        for j in 0 ..< w { m = Swift.max(m, p[j].bitPattern & 0x7FFF_FFFF) }
        return m
    }

    /// `p[0 ..< n] = s`, in 16-lane stores.
    @inline(__always)
    static func broadcast(_ s: Float, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let v = SIMD16<Float>(repeating: s)
        while i + 16 <= n {
            UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD16<Float>.self)
            i += 16
        }
        while i < n { p[i] = s; i += 1 }
    }
}

/// A block width fixed at compile time (nil: the pass's own, at run time).
protocol BlockWidth { static var size: Int? { get } }
enum BlockWidth16: BlockWidth { static var size: Int? { 16 } }
enum BlockWidth32: BlockWidth { static var size: Int? { 32 } }
enum AnyBlockWidth: BlockWidth { static var size: Int? { nil } }

/// What the fused block pass needs beyond the kernel: the block layout, the clipping ratio, the
/// scale calculator, where to put each block's scales (nil: not kept) and the overflow flags (one
/// slot per parallel chunk).
@usableFromInline
struct BlockPass {
    @usableFromInline let rowLength: Int
    @usableFromInline let size: Int
    @usableFromInline let ratio: Float
    @usableFromInline let scales: ScaleCalculator
    @usableFromInline let stored: UnsafeMutablePointer<Float>?
    @usableFromInline let applied: UnsafeMutablePointer<Float>?
    @usableFromInline let tooLarge: UnsafeMutablePointer<Float>
}
