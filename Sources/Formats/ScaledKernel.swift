/// The element loops of scaled formats, generic over the element's rounding so that each element
/// type gets its own specialized, vectorized loop (through its `SpecializedKernels`). The two
/// entry points are not `@inlinable`: their specializations inside Formats then get Swift's
/// signature optimization (the rounder passed by value, its facts in registers), which the
/// vectorizer needs; a format type outside Formats calls them unspecialized.
/// Groups with a special scale (NaN or zero) follow `SpecialScale`.
@usableFromInline
struct ScaledKernel {
    let src: UnsafePointer<Float>
    let dst: UnsafeMutablePointer<Float>
    let scales: UnsafePointer<Float>
    let zeroPoints: UnsafePointer<Float>?
    let layout: GroupLayout
    let mode: RoundingMode
    let seed: UInt64
    /// The index of element 0 in the whole tensor, for stochastic rounding's random bits (which are
    /// a function of the seed and the element's index): nonzero when the kernel runs on one slab.
    let indexBase: Int

    init(src: UnsafePointer<Float>, dst: UnsafeMutablePointer<Float>, scales: UnsafePointer<Float>, zeroPoints: UnsafePointer<Float>?,
         layout: GroupLayout, mode: RoundingMode, seed: UInt64, indexBase: Int = 0) {
        self.src = src; self.dst = dst; self.scales = scales; self.zeroPoints = zeroPoints
        self.layout = layout; self.mode = mode; self.seed = seed; self.indexBase = indexBase
    }

    /// Fused pass for block granularity: per batch of blocks, their amax (as magnitude bits), their
    /// scales (`ScaleCalculator.fill`, one vectorizable loop), then the elements, while the batch is
    /// in cache; one read of the input. Each block's stored and applied scales are written to
    /// `pass.stored` and `pass.applied` (when given); `pass.tooLarge[chunk]` receives the largest amax
    /// that overflows (a scale the scale format cannot hold).
    @usableFromInline
    func runBlocks<E: ElementRounding>(_ e: E, _ pass: BlockPass) {
        let (rowLength, size) = (pass.rowLength, pass.size)
        let perRow = (rowLength + size - 1) / size
        let groups = layout.groupCount
        let chunks = Swift.max(1, ParallelChunks.defaultGrain / size)
        let batch = Swift.max(1, 2048 / size)  // groups per batch: a few KB of per-element scales
        ParallelChunks.run(count: groups, grain: chunks) { g0, g1 in
            var failed: Float = 0
            withUnsafeTemporaryAllocation(of: Float.self, capacity: batch * size + 2 * batch) { scratch in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: batch) { amaxScratch in
                    let perElement = scratch.baseAddress!, amax = amaxScratch.baseAddress!
                    let batchStored = perElement + batch * size, batchApplied = batchStored + batch
                    var g = g0
                    // Groups g ..< gEnd cover the contiguous elements first ..< last.
                    var row = g / perRow, column = g % perRow
                    while g < g1 {
                        let gEnd = Swift.min(g1, g + batch)
                        let first = row * rowLength + column * size
                        var (r, c) = (row, column)
                        for k in 0 ..< gEnd - g {
                            let a = r * rowLength + c * size, b = Swift.min(r * rowLength + rowLength, a + size)
                            amax[k] = GroupStatistics.maxMagnitudeBits(src, a, b)
                            c += 1
                            if c == perRow { c = 0; r += 1 }
                        }
                        let stored = pass.stored.map { $0 + g } ?? batchStored, applied = pass.applied.map { $0 + g } ?? batchApplied
                        let found = pass.scales.fill(amax, count: gEnd - g, ratio: pass.ratio, stored: stored, applied: applied)
                        failed = Swift.max(failed, found.tooLarge)
                        (r, c) = (row, column)
                        var last = first
                        for k in 0 ..< gEnd - g {
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

    /// `dst[i] = q(src[i] / s_i) * s_i` over one batch, one long loop with per-element scales so
    /// that LLVM vectorizes it.
    @inline(__always)
    func elements<E: ElementRounding>(_ e: E, _ first: Int, _ last: Int, _ scale: UnsafePointer<Float>) {
        let src = self.src + first, dst = self.dst + first, n = last - first
        switch mode {
        case .nearestEven: ScaledKernel.scaledLoop(e, src, dst, scale, n, .nearestEven)
        case .stochastic:
            for i in 0 ..< n {
                let r = StochasticBits.bits(seed: seed, index: indexBase + first + i)
                dst[i] = e.quantize(src[i] / scale[i], mode: .stochastic, random: r) * scale[i]
            }
        default: ScaledKernel.scaledLoop(e, src, dst, scale, n, mode)
        }
    }

    @inline(__always)
    static func scaledLoop<E: ElementRounding>(_ e: E, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                               _ scale: UnsafePointer<Float>, _ n: Int, _ mode: RoundingMode) {
        for i in 0 ..< n { dst[i] = e.quantize(src[i] / scale[i], mode: mode, random: 0) * scale[i] }
    }

    /// Elements of groups with a special scale take `SpecialScale`'s value.
    func fixSpecialGroups(_ first: Int, _ last: Int, _ scale: UnsafeMutablePointer<Float>) {
        for i in first ..< last {
            if let v = SpecialScale.value(scale[i - first]) { dst[i] = v }
        }
    }

    /// The element pass over precomputed group scales.
    @usableFromInline
    func run<E: ElementRounding>(_ e: E) {
        // Runs whose consecutive elements have consecutive groups (a scale per column, or per
        // element) read their scales as a vector: the loop of the fused pass, then the special ones.
        var special = false
        if case .columns = layout.walk { special = (0 ..< layout.groupCount).contains { SpecialScale.value(scales[$0]) != nil } }
        if case .elements = layout.walk { special = (0 ..< layout.groupCount).contains { SpecialScale.value(scales[$0]) != nil } }
        ParallelChunks.run(count: layout.count) { start, end in
            layout.forEachRun(from: start, to: end) { a, b, group, perElement in
                if let zp = zeroPoints {
                    zeroPointRun(e, a, b, scales + group, zp + group, perElement: perElement, special: special)
                } else if perElement {
                    elements(e, a, b, scales + group)
                    if special { for i in a ..< b { if let v = SpecialScale.value(scales[group + i - a]) { dst[i] = v } } }
                } else {
                    span(e, a, b, scales[group])
                }
            }
        }
    }

    /// A run sharing scale `s`: a special scale fills the run (`SpecialScale`), else the loop.
    @inline(__always)
    func span<E: ElementRounding>(_ e: E, _ a: Int, _ b: Int, _ s: Float) {
        if let v = SpecialScale.value(s) {
            (dst + a).update(repeating: v, count: b - a)
            return
        }
        switch mode {
        case .nearestEven: ScaledKernel.divideLoop(e, src, dst, a, b, s, .nearestEven)
        case .stochastic: for i in a ..< b { dst[i] = e.quantize(src[i] / s, mode: .stochastic, random: random(i)) * s }
        default: ScaledKernel.divideLoop(e, src, dst, a, b, s, mode)
        }
    }

    /// `dst[i] = q(src[i] / s) * s` with the mode fixed, so LLVM vectorizes. The rounder is read in
    /// place (a copy of a format holding strings or arrays retains them on every run).
    @inline(__always)
    static func divideLoop<E: ElementRounding>(_ e: E, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                               _ a: Int, _ b: Int, _ s: Float, _ mode: RoundingMode) {
        for i in a ..< b { dst[i] = e.quantize(src[i] / s, mode: mode, random: 0) * s }
    }

    @inline(__always)
    func random(_ i: Int) -> UInt32 {
        mode == .stochastic ? StochasticBits.bits(seed: seed, index: indexBase + i) : 0
    }
}

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
