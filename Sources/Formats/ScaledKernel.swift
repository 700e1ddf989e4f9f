/// The element loops of scaled formats, generic over the element's rounding so that each concrete
/// element type gets its own specialized, vectorized loop (`ScaledKernel.dispatch`).
@usableFromInline
struct ScaledKernel {
    let src: UnsafePointer<Float>
    let dst: UnsafeMutablePointer<Float>
    let scales: UnsafePointer<Float>
    let zeroPoints: UnsafePointer<Float>?
    let layout: GroupLayout
    let mode: RoundingMode
    let seed: UInt64

    /// Calls `body` with the concrete, specialized rounding of `element` (the one place that
    /// knows the element types; an unknown type still works through the existential).
    static func dispatch(_ element: any ElementFormat, _ body: some SpecializedBody) {
        switch element {
        case let m as MiniFloat:
            switch (m.floatSubnormalPath, m.isExponentOnly) {
            case (true, _): body.run(MiniFloat.Specialized<True, False>(format: m))
            case (false, false): body.run(MiniFloat.Specialized<False, False>(format: m))
            case (false, true): body.run(MiniFloat.Specialized<False, True>(format: m))
            }
        case let f as IntegerFormat: body.run(f)
        case let f as BipolarInt: body.run(f)
        case let f as Codebook: body.run(f)
        case let f as PowerExponent: body.run(f)
        default: body.run(AnyElementRounding(element))
        }
    }

    /// Fused pass for block granularity: per block, amax (as magnitude bits), scale, elements, while
    /// the block is in cache; one read of the input. `scaleOf` maps a finite (clipped) amax to the
    /// scale applied; `tooLarge[chunk]` receives the largest amax that `overflows` (a scale the scale
    /// format cannot hold).
    func runBlocks<E: ElementRounding>(_ e: E, rowLength: Int, size: Int, ratio: Float, scaleOf: (Float) -> Float,
                                       overflows: (Float) -> Bool, tooLarge: UnsafeMutablePointer<Float>) {
        let perRow = (rowLength + size - 1) / size
        let groups = layout.groupCount
        let chunks = Swift.max(1, ParallelChunks.defaultGrain / size)
        let batch = Swift.max(1, 2048 / size)  // groups per batch: a few KB of per-element scales
        ParallelChunks.run(count: groups, grain: chunks) { g0, g1 in
            var failed: Float = 0
            withUnsafeTemporaryAllocation(of: Float.self, capacity: batch * size) { scratch in
                let perElement = scratch.baseAddress!
                var g = g0
                while g < g1 {
                    // Groups g ..< gEnd cover the contiguous elements first ..< last.
                    let gEnd = Swift.min(g1, g + batch)
                    let first = (g / perRow) * rowLength + (g % perRow) * size
                    var last = first
                    var special = false
                    for group in g ..< gEnd {
                        let row = group / perRow, a = row * rowLength + (group % perRow) * size
                        let b = Swift.min(row * rowLength + rowLength, a + size)
                        let m = GroupStatistics.maxMagnitudeBits(src, a, b)
                        let amax = Float(bitPattern: m) * ratio
                        let s: Float
                        if m >= 0x7F80_0000 { s = .nan } else {
                            if overflows(amax) { failed = Swift.max(failed, amax) }
                            s = scaleOf(amax)
                        }
                        special = special || s.isNaN || s == 0
                        (perElement + (a - first)).update(repeating: s, count: b - a)
                        last = b
                    }
                    elements(e, first, last, perElement)
                    if special { fixSpecialGroups(first, last, perElement) }
                    g = gEnd
                }
            }
            if failed > 0 { tooLarge[g0 / chunks] = failed }
        }
    }

    /// `dst[i] = q(src[i] / s_i) * s_i` over one batch, one long loop with per-element scales so
    /// that LLVM vectorizes it.
    @inline(__always)
    func elements<E: ElementRounding>(_ e: E, _ first: Int, _ last: Int, _ scale: UnsafeMutablePointer<Float>) {
        let src = self.src + first, dst = self.dst + first, n = last - first
        switch mode {
        case .nearestEven: ScaledKernel.scaledLoop(e, src, dst, scale, n, .nearestEven)
        case .stochastic:
            for i in 0 ..< n {
                let r = StochasticBits.bits(seed: seed, index: first + i)
                dst[i] = e.quantize(src[i] / scale[i], mode: .stochastic, random: r) * scale[i]
            }
        default: ScaledKernel.scaledLoop(e, src, dst, scale, n, mode)
        }
    }

    @inline(__always)
    static func scaledLoop<E: ElementRounding>(_ e: E, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                               _ scale: UnsafeMutablePointer<Float>, _ n: Int, _ mode: RoundingMode) {
        for i in 0 ..< n { dst[i] = e.quantize(src[i] / scale[i], mode: mode, random: 0) * scale[i] }
    }

    /// Groups with a NaN scale (they hold Inf or NaN) become NaN; with a zero scale, +0.
    func fixSpecialGroups(_ first: Int, _ last: Int, _ scale: UnsafeMutablePointer<Float>) {
        for i in first ..< last {
            let s = scale[i - first]
            if s.isNaN { dst[i] = .nan } else if s == 0 { dst[i] = 0 }
        }
    }

    func run<E: ElementRounding>(_ e: E) {
        ParallelChunks.run(count: layout.count) { start, end in
            layout.forEachRun(from: start, to: end) { a, b, group, perElement in
                if perElement {
                    for i in a ..< b { one(e, i, scales[group + i - a], zeroPoints?[group + i - a] ?? 0) }
                } else {
                    span(e, a, b, scales[group], zeroPoints?[group] ?? 0)
                }
            }
        }
    }

    /// A run sharing scale `s`: NaN scale gives NaN, zero scale gives zeros, else the loop.
    @inline(__always)
    func span<E: ElementRounding>(_ e: E, _ a: Int, _ b: Int, _ s: Float, _ z: Float) {
        if s.isNaN || s == 0 {
            (dst + a).update(repeating: s.isNaN ? .nan : 0, count: b - a)
            return
        }
        if zeroPoints != nil {
            for i in a ..< b { dst[i] = (e.quantize(src[i] / s + z, mode: mode, random: random(i)) - z) * s }
            return
        }
        switch mode {
        case .nearestEven: ScaledKernel.divideLoop(e, src, dst, a, b, s, .nearestEven)
        case .stochastic: for i in a ..< b { dst[i] = e.quantize(src[i] / s, mode: .stochastic, random: random(i)) * s }
        default: ScaledKernel.divideLoop(e, src, dst, a, b, s, mode)
        }
    }

    /// `dst[i] = q(src[i] / s) * s` with everything in locals, so LLVM keeps the format's facts in
    /// registers and vectorizes.
    @inline(__always)
    static func divideLoop<E: ElementRounding>(_ e: E, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                               _ a: Int, _ b: Int, _ s: Float, _ mode: RoundingMode) {
        let rounder = e
        for i in a ..< b { dst[i] = rounder.quantize(src[i] / s, mode: mode, random: 0) * s }
    }

    @inline(__always)
    func one<E: ElementRounding>(_ e: E, _ i: Int, _ s: Float, _ z: Float) {
        if s.isNaN || s == 0 { dst[i] = s.isNaN ? .nan : 0; return }
        if zeroPoints == nil {
            dst[i] = e.quantize(src[i] / s, mode: mode, random: random(i)) * s
        } else {
            dst[i] = (e.quantize(src[i] / s + z, mode: mode, random: random(i)) - z) * s
        }
    }

    @inline(__always)
    func random(_ i: Int) -> UInt32 {
        mode == .stochastic ? StochasticBits.bits(seed: seed, index: i) : 0
    }
}

/// A computation generic over the element rounding (Swift has no generic closures).
protocol SpecializedBody {
    func run<E: ElementRounding>(_ e: E)
}

/// Rounding through an existential, for element types the dispatch does not know (still correct,
/// just not specialized).
struct AnyElementRounding: ElementRounding {
    let base: any ElementFormat
    init(_ base: any ElementFormat) { self.base = base }
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float { base.quantize(x, mode: mode, random: random) }
}
