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
        if let asymmetric = pass.asymmetric { return runAsymmetricBlocks(e, pass, asymmetric) }
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
        let calculator = pass.scales ?? ScaleCalculator.unused  // read once, not copied per batch
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
                        if let given = pass.given {
                            // Scales computed before (the two-pass layouts): spread them, nothing to find.
                            let applied = given + g
                            var special = false
                            for k in 0 ..< count { special = special || SpecialScale.value(applied[k]) != nil }
                            spread(e, applied, count, first: first, row: row, column: column, rowLength: rowLength, size: size, perRow: perRow,
                                   perElement, special: special, W.self)
                            (g, row, column) = (gEnd, row + (column + count) / perRow, (column + count) % perRow)
                            continue
                        }
                        if let given = pass.amax {
                            // Magnitudes found by the first pass (`GroupStatistics.blockMagnitudes`).
                            amax.update(from: given + g, count: count)
                        } else if let w = W.size {
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
                        var found = ScaleCalculator.BatchResult()
                        if let custom = pass.custom {
                            for k in 0 ..< count {
                                let m = amax[k], s: Float = m >= 0x7F80_0000 ? .nan : m == 0 ? 0 : custom(Float(bitPattern: m))
                                (stored[k], applied[k]) = (s, s)
                                found.special = found.special || SpecialScale.value(s) != nil
                            }
                        } else {
                            found = calculator.fill(amax, count: count, ratio: pass.ratio, stored: stored, applied: applied)
                        }
                        failed = Swift.max(failed, found.tooLarge)
                        spread(e, applied, count, first: first, row: row, column: column, rowLength: rowLength, size: size, perRow: perRow,
                               perElement, special: found.special, W.self)
                        (g, row, column) = (gEnd, row + (column + count) / perRow, (column + count) % perRow)
                    }
                }
            }
            if failed > 0 { pass.tooLarge?[g0 / chunks] = failed }
        }
    }

    /// The element phase of one batch of `count` blocks from block (row, column), whose first
    /// element is `first`: each block's scale spread over its elements, one loop over the batch,
    /// then the blocks with a special scale.
    /// With a compile-time width `W` the blocks tile their rows: block k is elements `k w ..< (k + 1) w`
    /// of the batch, and the spread is one vector store (two for w = 32) per block.
    @inline(__always)
    func spread<E: ElementRounding, W: BlockWidth>(_ e: E, _ applied: UnsafePointer<Float>, _ count: Int, first: Int, row: Int, column: Int,
                                                   rowLength: Int, size: Int, perRow: Int, _ perElement: UnsafeMutablePointer<Float>,
                                                   special: Bool, _ width: W.Type) {
        var last = first
        if let w = W.size {
            let out = UnsafeMutableRawPointer(perElement)
            for k in 0 ..< count {
                let v = SIMD16<Float>(repeating: applied[k])
                var h = 0
                while h < w { out.storeBytes(of: v, toByteOffset: (k * w + h) * 4, as: SIMD16<Float>.self); h += 16 }
            }
            last = first + count * w
        } else {
            var (r, c) = (row, column)
            for k in 0 ..< count {
                let a = r * rowLength + c * size, b = Swift.min(r * rowLength + rowLength, a + size)
                ScaledKernel.broadcast(applied[k], perElement + (a - first), b - a)
                last = b
                c += 1
                if c == perRow { c = 0; r += 1 }
            }
        }
        elements(e, first, last, perElement)
        if special { fixSpecialGroups(first, last, perElement) }
    }

    /// Largest `bits & 0x7FFFFFFF` of `p[0 ..< w]`, `w` a constant multiple of 4: 4-lane maxima, then
    /// scalar. (Written as a scalar loop, LLVM vectorizes the loop over blocks around it with
    /// gathers instead; `pointwiseMax` is a call in this module's -O build. Measured on 16M floats,
    /// two cores: this form reads at the memory's rate, 1.3-1.5x faster than either.) It stays apart
    /// from `GroupStatistics.maxMagnitudeBits` (16 lanes, run-time length): one 4- or 8-lane function
    /// for both, with the block-maxima loop shared with `GroupStatistics.blockMagnitudes`, measured
    /// 10-20% slower on MX formats or on `int4/g128` in alternated runs (2026-11-26).
    @inline(__always)
    static func maxMagnitudeBits(_ p: UnsafePointer<Float>, _ w: Int) -> UInt32 {
        let q = UnsafeRawPointer(p)
        var m = q.loadUnaligned(as: SIMD4<UInt32>.self) & 0x7FFF_FFFF
        var h = 16
        while h < 4 * w {
            let v = q.loadUnaligned(fromByteOffset: h, as: SIMD4<UInt32>.self) & 0x7FFF_FFFF
            m = m.replacing(with: v, where: v .> m)
            h += 16
        }
        return Swift.max(Swift.max(m[0], m[1]), Swift.max(m[2], m[3]))
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
/// slot per parallel chunk), with each block's magnitude bits when a first pass found them (`amax`);
/// or, for scales computed before, those (`given`, one per block); or, for
/// a format with its own scale rule, the applied scale of a finite amax > 0 (`custom`; a block
/// holding Inf or NaN gets a NaN scale, an all-zero block 0).
@usableFromInline
struct BlockPass {
    @usableFromInline var rowLength: Int
    @usableFromInline var size: Int
    @usableFromInline var ratio: Float = 1
    @usableFromInline var scales: ScaleCalculator?
    @usableFromInline var given: UnsafePointer<Float>?
    @usableFromInline var amax: UnsafePointer<UInt32>?
    @usableFromInline var asymmetric: AsymmetricBlocks?
    @usableFromInline var custom: ((Float) -> Float)?
    @usableFromInline var stored: UnsafeMutablePointer<Float>?
    @usableFromInline var applied: UnsafeMutablePointer<Float>?
    @usableFromInline var tooLarge: UnsafeMutablePointer<Float>?

    init(rowLength: Int, size: Int, ratio: Float, scales: ScaleCalculator, stored: UnsafeMutablePointer<Float>?,
         applied: UnsafeMutablePointer<Float>?, tooLarge: UnsafeMutablePointer<Float>) {
        self.rowLength = rowLength; self.size = size; self.ratio = ratio; self.scales = scales
        self.stored = stored; self.applied = applied; self.tooLarge = tooLarge
    }

    /// The fused pass of a format with its own scale rule (`custom`).
    init(rowLength: Int, size: Int, custom: @escaping (Float) -> Float) {
        self.rowLength = rowLength; self.size = size; self.custom = custom
    }

    /// The asymmetric pass (`ScaledKernel.runAsymmetricBlocks`).
    init(rowLength: Int, size: Int, ratio: Float, asymmetric: AsymmetricBlocks, stored: UnsafeMutablePointer<Float>?,
         applied: UnsafeMutablePointer<Float>?) {
        self.rowLength = rowLength; self.size = size; self.ratio = ratio; self.asymmetric = asymmetric
        self.stored = stored; self.applied = applied
    }

    /// The element phase alone, with one scale per block given.
    init(rowLength: Int, size: Int, given: UnsafePointer<Float>) {
        self.rowLength = rowLength; self.size = size; self.given = given
    }
}
