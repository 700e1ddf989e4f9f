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
    func fixSpecialGroups(_ first: Int, _ last: Int, _ scale: UnsafePointer<Float>) {
        for i in first ..< last {
            if let v = SpecialScale.value(scale[i - first]) { dst[i] = v }
        }
    }

    /// The element pass over precomputed group scales.
    @usableFromInline
    func run<E: ElementRounding>(_ e: E) {
        // Blocks without zero points: the element phase of the fused pass, with these scales.
        if zeroPoints == nil, case let .blocks(rowLength, size) = layout.walk {
            runBlocks(e, BlockPass(rowLength: rowLength, size: size, given: scales))
            return
        }
        // Runs whose consecutive elements have consecutive groups (a scale per column, or per
        // element) read their scales as a vector: the loop of the fused pass, then the special ones.
        var special = false
        switch layout.walk {
        case .columns, .elements: special = (0 ..< layout.groupCount).contains { SpecialScale.value(scales[$0]) != nil }
        default: break
        }
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
