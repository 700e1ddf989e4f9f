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

    /// Runs the element pass with the concrete rounding of `element`.
    static func dispatch(_ element: any ElementFormat, _ kernel: ScaledKernel) {
        switch element {
        case let m as MiniFloat:
            switch (m.floatSubnormalPath, m.isExponentOnly) {
            case (true, _): kernel.run(MiniFloat.Specialized<True, False>(format: m))
            case (false, false): kernel.run(MiniFloat.Specialized<False, False>(format: m))
            case (false, true): kernel.run(MiniFloat.Specialized<False, True>(format: m))
            }
        case let f as IntegerFormat: kernel.run(f)
        case let f as BipolarInt: kernel.run(f)
        case let f as Codebook: kernel.run(f)
        case let f as PowerExponent: kernel.run(f)
        default: kernel.run(AnyElementRounding(element))
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

/// Rounding through an existential, for element types the dispatch does not know (still correct,
/// just not specialized).
struct AnyElementRounding: ElementRounding {
    let base: any ElementFormat
    init(_ base: any ElementFormat) { self.base = base }
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float { base.quantize(x, mode: mode, random: random) }
}
