import Foundation
import Formats

/// One tensor of the scaled cross-check.
public struct ScaledCheckCase: Sendable {
    public var label: String
    public var values: [Float]
    public var shape: [Int]
}

/// A seeded stream of uniforms and normals (counter-based, `StochasticBits`).
struct CheckRandom {
    let seed: UInt64
    var index = 0
    init(seed: UInt64) { self.seed = seed }
    mutating func bits() -> UInt32 { defer { index += 1 }; return StochasticBits.bits(seed: seed, index: index) }
    /// Uniform on [0, 1) with 32 bits.
    mutating func unit() -> Double { Double(bits()) * 0x1p-32 }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
    mutating func int(_ n: Int) -> Int { Int(bits() % UInt32(Swift.max(n, 1))) }
    mutating func sign() -> Float { bits() & 1 == 0 ? 1 : -1 }
    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u1 = Swift.max(unit(), 0x1p-40), u2 = unit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
    /// `2^U(lo, hi) * N(0, 1)` as Float.
    mutating func binade(_ lo: Double, _ hi: Double) -> Float { Float(Foundation.pow(2, uniform(lo, hi)) * normal()) }
}

/// The tensors of the scaled cross-check.
extension ScaledReferenceCheck {
    /// Edge patterns of one group of `n` elements: (label, values). `elementMax` and its exponent
    /// place amax on the rules' boundaries.
    static func patterns(n: Int, elementMax: Float, random r: inout CheckRandom) -> [(String, [Float])] {
        let emax = Int(elementMax.exponent)
        func k(_ lo: Int, _ hi: Int, _ r: inout CheckRandom) -> Int { lo + r.int(hi - lo + 1) }
        func fill(_ r: inout CheckRandom, top: Float, _ body: (inout CheckRandom) -> Float) -> [Float] {
            var v = (0 ..< n).map { _ in body(&r) }
            // Keep every other element strictly below |top| in magnitude, then place top.
            let cap = top.isNaN ? Float.infinity : Swift.abs(top)
            for i in v.indices where !(Swift.abs(v[i]) < cap) { v[i] = (v[i] < 0 ? -1 : 1) * cap.nextDown * 0.5 }
            v[r.int(n)] = top
            return v
        }
        func gaussBelow(_ top: Float) -> (inout CheckRandom) -> Float {
            { r in Float(r.normal() / 4) * Swift.abs(top) }
        }
        var out: [(String, [Float])] = []
        let s1 = Float(sign: .plus, exponent: k(-30, 30, &r), significand: 1)
        out.append(("gauss, one binade", (0 ..< n).map { _ in r.binade(-3, 3) * s1 }))
        out.append(("gauss, per-element binades 2^U(-40,40)", (0 ..< n).map { _ in r.binade(-40, 40) }))
        out.append(("all +0", [Float](repeating: 0, count: n)))
        out.append(("signed zeros", (0 ..< n).map { $0 % 2 == 0 ? -0.0 : 0.0 }))
        out.append(("outlier", fill(&r, top: r.sign() * Float(1e4 * (1 + r.unit())), { r in Float(r.normal()) })))
        for _ in 0 ..< 2 {
            let p = Float(sign: r.bits() & 1 == 0 ? .plus : .minus, exponent: k(-30, 30, &r), significand: 1)
            out.append(("amax = \(p) (power of two)", fill(&r, top: p, gaussBelow(p))))
            out.append(("amax = nextDown(\(p))", fill(&r, top: p.nextDown, gaussBelow(p))))
        }
        for _ in 0 ..< 2 {
            let scale = Float(sign: .plus, exponent: k(-20, 20, &r), significand: 1)
            let clip = elementMax * scale
            out.append(("amax = elemMax * \(scale)", fill(&r, top: clip, gaussBelow(clip))))
            out.append(("amax = nextUp(elemMax * \(scale))", fill(&r, top: -clip.nextUp, gaussBelow(clip))))
            let below = Float(sign: .plus, exponent: emax + 1, significand: 1).nextDown * scale
            out.append(("amax just below 2^(emax+1) * \(scale) (floor rule's clip)", fill(&r, top: below, gaussBelow(below))))
            out.append(("amax = 957 * \(scale)", fill(&r, top: 957 * scale, gaussBelow(957 * scale))))
            // Element grid and its midpoints: amax = elemMax * 2^k, elements j/16 (or j/1024) * 2^k.
            let grid = (0 ..< n).map { i -> Float in
                let step: Float = i % 3 == 0 ? 1.0 / 1024 : 1.0 / 16
                let steps = Int(Swift.min(elementMax, Float(1 << 20)) / step) + 1
                return r.sign() * Float(r.int(steps)) * step * scale
            }
            out.append(("element grid and midpoints * \(scale)", fill(&r, top: clip, { r in grid[r.int(n)] })))
        }
        out.append(("amax = 2^-130 (subnormal)", fill(&r, top: 0x1p-130, { r in Float(r.int(1 << 19)) * 0x1p-149 })))
        out.append(("amax = 19 * 2^-149", fill(&r, top: 19 * 0x1p-149, { r in r.sign() * Float(r.int(19)) * 0x1p-149 })))
        out.append(("amax = 2^-149", fill(&r, top: -0x1p-149, { _ in 0 })))
        out.append(("amax = 2^-126 - ulp", fill(&r, top: Float.leastNormalMagnitude.nextDown, { r in Float(r.normal()) * 0x1p-128 })))
        out.append(("amax = elemMax * 2^-127", fill(&r, top: elementMax * 0x1p-127, { r in Float(r.normal()) * 0x1p-129 })))
        out.append(("amax = greatest finite", fill(&r, top: .greatestFiniteMagnitude, { r in Float(r.normal()) * 0x1p125 })))
        out.append(("amax = 2^127", fill(&r, top: -0x1p127, { r in Float(r.normal()) * 0x1p124 })))
        out.append(("holds +Inf", fill(&r, top: .infinity, { r in Float(r.normal()) })))
        out.append(("holds -Inf", fill(&r, top: -.infinity, { r in Float(r.normal()) })))
        out.append(("holds NaN", fill(&r, top: .nan, { r in Float(r.normal()) })))
        out.append(("single nonzero", fill(&r, top: r.binade(-20, 20), { _ in 0 })))
        out.append(("all positive", (0 ..< n).map { _ in Float(r.uniform(0.5, 3)) * s1 }))
        out.append(("all negative", (0 ..< n).map { _ in -Float(r.uniform(0.5, 3)) * s1 }))
        out.append(("skewed positive", (0 ..< n).map { _ in Float(r.uniform(-0.2, 3)) * s1 }))
        return out
    }

    /// Tensors for `format`: seeded random tensors across binades, and edge tensors whose groups
    /// (computed by `ScaledReferenceLayout`) hold the edge patterns.
    /// `cap`: for a single-level minifloat scale, values are scaled by powers of two so that every
    /// group's amax stays within `scaleMax * elemMax` (the overflow error has its own cases).
    public static func cases(for reference: ScaledReference, randomCount: Int, seed: UInt64) -> [ScaledCheckCase] {
        let format = reference.format
        let capped = reference.scaleMax.isFinite && !format.tensorScale
        let cap = reference.scaleMax * reference.elementMax
        var r = CheckRandom(seed: seed &+ 0x5CA1ED)
        var cases: [ScaledCheckCase] = []

        // Shapes: random tensors [R, 256]; edge tensors sized to the granularity.
        let rows = Swift.max(1, (randomCount + 255) / 256)
        var randomShapes: [[Int]] = [[rows, 256]]
        var edgeShape: (Int) -> [Int]   // from the number of patterns
        switch format.granularity {
        case let .block(size):
            let length = 2 * size + (size + 1) / 2   // partial last block when size > 1
            randomShapes.append([2, 3 * size + size / 2 + 1])
            edgeShape = { p in [(p + 2) / 3, length] }
        case let .channel(axis):
            randomShapes.append([3, 5, 8])
            edgeShape = { p in
                let rank = Swift.max(2, axis < 0 ? -axis : axis + 1)
                let a = axis < 0 ? rank + axis : axis
                var shape = [Int](repeating: 1, count: rank)
                shape[a] = p
                shape[a == rank - 1 ? 0 : rank - 1] = 16
                return shape
            }
        case .tensor, .cross:  // cross: ScaledReference refuses it (see ScaledReferenceLayout)
            randomShapes.append([3, 5, 8])
            edgeShape = { _ in [2, 24] }
        }

        for (n, shape) in randomShapes.enumerated() {
            let count = shape.reduce(1, *)
            var values = (0 ..< count).map { i -> Float in
                // Half the elements spread over binades 2^U(-40, 40); half in one binade per 64.
                i % 2 == 0 ? r.binade(-40, 40) : r.binade(-2, 2) * Float(sign: .plus, exponent: (i / 64) % 61 - 30, significand: 1)
            }
            if capped { fitCap(&values, cap) }
            cases.append(.init(label: "random \(shape) #\(n)", values: values, shape: shape))
        }

        // Edge tensors: the patterns in the groups, cycling.
        func edgeTensors(shape: [Int], count: Int) {
            guard let layout = try? ScaledReferenceLayout(format.granularity, shape: shape, count: shape.reduce(1, *)) else { return }
            let members = layout.members
            for t in 0 ..< count {
                var values = [Float](repeating: 0, count: layout.groupOf.count)
                var labels: [String] = []
                for (g, idx) in members.enumerated() {
                    var pr = CheckRandom(seed: seed &+ UInt64(t * 7919 + g))
                    let pats = patterns(n: idx.count, elementMax: reference.elementMax, random: &pr)
                    let (label, group) = pats[(t * members.count + g) % pats.count]
                    var v = group
                    if capped { fitCap(&v, cap) }
                    for (j, i) in idx.enumerated() { values[i] = v[j] }
                    if labels.count < 4 { labels.append(label) }
                }
                cases.append(.init(label: "edge \(shape) #\(t) [\(labels.joined(separator: "; "))\(members.count > 4 ? "; ..." : "")]",
                                   values: values, shape: shape))
            }
        }
        var probe = CheckRandom(seed: seed)
        let patternCount = patterns(n: 4, elementMax: reference.elementMax, random: &probe).count
        switch format.granularity {
        case .tensor:
            // One group per tensor: one tensor per pattern (each pattern once).
            edgeTensors(shape: edgeShape(patternCount), count: edgeRounds * patternCount)
        default:
            let shape = edgeShape(patternCount)
            let groups = (try? ScaledReferenceLayout(format.granularity, shape: shape, count: shape.reduce(1, *)).groupCount) ?? 1
            // Enough tensors that every pattern lands in a group; two-level formats get each
            // pattern again in a small tensor of its own (the tensor amax changes every scale).
            edgeTensors(shape: shape, count: edgeRounds * Swift.max(1, (patternCount + groups - 1) / groups))
            if format.tensorScale, case let .block(size) = format.granularity {
                edgeTensors(shape: [1, 2 * size], count: (patternCount + 1) / 2)
            }
        }

        // Tensors with no non-zero finite value (two levels: t = 0) but a non-finite group.
        let small: [Int]
        if case let .block(size) = format.granularity { small = [1, 2 * size] } else { small = [2, 16] }
        let smallCount = small.reduce(1, *)
        var zerosAndNaN = [Float](repeating: 0, count: smallCount)
        zerosAndNaN[smallCount - 1] = .nan
        cases.append(.init(label: "zeros and one NaN (last element)", values: zerosAndNaN, shape: small))
        var zerosAndInf = [Float](repeating: -0.0, count: smallCount)
        zerosAndInf[smallCount / 2 - 1] = -.infinity
        cases.append(.init(label: "-0 and one -Inf", values: zerosAndInf, shape: small))
        cases.append(.init(label: "all +Inf", values: [Float](repeating: .infinity, count: smallCount), shape: small))

        // Single-level minifloat scale: amax on both sides of scaleMax * elemMax (the error).
        if capped, case let .block(size) = format.granularity {
            for (label, top) in [("amax = scaleMax * elemMax", cap), ("amax = nextUp(scaleMax * elemMax)", cap.nextUp),
                                 ("amax = 1e30", Float(1e30))] {
                var v = (0 ..< 2 * size).map { _ in Float(r.normal()) }
                v[size + r.int(size)] = top
                cases.append(.init(label: "scale overflow: \(label)", values: v, shape: [1, 2 * size]))
            }
        }
        // Shape errors: a block larger than the last axis.
        if case let .block(size) = format.granularity, size > 1 {
            cases.append(.init(label: "block larger than the last axis", values: [Float](repeating: 1, count: 2 * (size - 1)),
                               shape: [2, size - 1]))
        }
        return cases
    }

    /// Times each edge pattern is placed (in other groups, with other draws).
    static let edgeRounds = 3

    /// Scales values down by powers of two until max |finite| <= cap (in steps of at most 2^-126
    /// when `top / cap` overflows: a tiny cap; values may end as subnormals or zeros).
    static func fitCap(_ values: inout [Float], _ cap: Float) {
        func top() -> Float { values.reduce(Float(0)) { m, x in x.isFinite ? Swift.max(m, Swift.abs(x)) : m } }
        var t = top()
        while t > cap {
            let ratio = t / cap
            let k = ratio.isFinite ? Swift.min(126, Int(ratio.exponent) + 1) : 126
            let f = Float(sign: .plus, exponent: -k, significand: 1)
            for i in values.indices where values[i].isFinite { values[i] *= f }
            t = top()
        }
    }
}
