/// The element loops of scaled formats, generic over the element's rounding so that each concrete
/// element type gets its own specialized, vectorized loop (`ScaledKernel.dispatch`).
@usableFromInline
struct ScaledKernel {
    let src: UnsafePointer<Float>
    let dst: UnsafeMutablePointer<Float>
    let scales: UnsafePointer<Float>
    let zeroPoints: UnsafePointer<Float>?
    let layout: GroupLayout
    let powerOfTwo: Bool
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
    /// the block is in cache; one read of the input. `scaleOf` maps a finite amax > 0 to the scale
    /// actually applied; `tooLarge[chunk]` receives the largest `amax / elementMax` above `limit`
    /// (a scale the scale format cannot hold).
    func runBlocks<E: ElementRounding>(_ e: E, rowLength: Int, size: Int, ratio: Float, elementMax: Float, limit: Float,
                                       scaleOf: (Float) -> Float, tooLarge: UnsafeMutablePointer<Float>) {
        let perRow = (rowLength + size - 1) / size
        let groups = layout.groupCount
        let chunks = Swift.max(1, ParallelChunks.defaultGrain / size)
        ParallelChunks.run(count: groups, grain: chunks) { g0, g1 in
            var failed: Float = 0
            for g in g0 ..< g1 {
                let row = g / perRow, a = row * rowLength + (g % perRow) * size
                let b = Swift.min(row * rowLength + rowLength, a + size)
                let m = GroupStatistics.maxMagnitudeBits(src, a, b)
                let amax = Float(bitPattern: m) * ratio
                let s: Float
                if m >= 0x7F80_0000 { s = .nan } else if amax == 0 { s = 0 } else {
                    let needed = amax / elementMax
                    if needed > limit { failed = Swift.max(failed, needed) }
                    s = scaleOf(amax)
                }
                span(e, a, b, s, 0)
            }
            if failed > 0 { tooLarge[g0 / chunks] = failed }
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
        } else if powerOfTwo {
            let inverse = 1 / s  // exact: s is a power of two in [2^-127, 2^127]
            switch mode {
            case .nearestEven: for i in a ..< b { dst[i] = e.quantize(src[i] * inverse, mode: .nearestEven, random: 0) * s }
            case .stochastic: for i in a ..< b { dst[i] = e.quantize(src[i] * inverse, mode: .stochastic, random: random(i)) * s }
            default: for i in a ..< b { dst[i] = e.quantize(src[i] * inverse, mode: mode, random: 0) * s }
            }
        } else {
            switch mode {
            case .nearestEven: for i in a ..< b { dst[i] = e.quantize(src[i] / s, mode: .nearestEven, random: 0) * s }
            case .stochastic: for i in a ..< b { dst[i] = e.quantize(src[i] / s, mode: .stochastic, random: random(i)) * s }
            default: for i in a ..< b { dst[i] = e.quantize(src[i] / s, mode: mode, random: 0) * s }
            }
        }
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
