import Formats

/// The inputs of the edge check.
extension ReferenceCheck {
    /// Every finite value and the float32 values one ulp either side of it, the floats around every
    /// nearest split (midpoints, power thresholds, the overflow split) and the virtual overflow
    /// value, all with both signs; ±0, ±Inf, NaNs, float32's extremes. With `sample`, formats with
    /// more values use the 64 values at each end and either side of zero and `sample` seeded others.
    public static func edgeInputs(_ reference: ReferenceRounding, sample: Int? = nil, seed: UInt64 = 1) -> [Float] {
        var points: [Float] = []
        var values = reference.family.model.values.map { Float($0.toDouble()) }
        var splits = reference.nearestThresholds
        if let sample, values.count > 128 + sample {
            let n = values.count
            let picked = Set((0 ..< sample).map { Int(StochasticBits.bits(seed: seed ^ 0x5EED, index: $0)) % n })
            let center = values.indices.min { abs(values[$0]) < abs(values[$1]) } ?? 0
            let keep = (0 ..< n).filter { $0 < 64 || $0 >= n - 64 || abs($0 - center) < 64 || picked.contains($0) }
            values = keep.map { values[$0] }
            splits = keep.filter { $0 < splits.count }.map { splits[$0] }
        }
        for v in values { points += [v, v.nextUp, v.nextDown] }
        for t in splits {
            let f = Float(t.toDouble())
            points += [f, f.nextUp, f.nextDown, f.nextUp.nextUp, f.nextDown.nextDown]
        }
        points += [0, .infinity, .nan, Float(bitPattern: 0x7FC0_0001), Float(bitPattern: 0x7F80_0001),
                   .greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude,
                   Float.leastNormalMagnitude.nextDown, 0.5, 1, 2]
        var out: [Float] = []
        var seen = Set<UInt32>()
        for p in points {
            for x in [p, -p] where seen.insert(x.bitPattern).inserted { out.append(x) }
        }
        return out
    }

    /// `count` seeded inputs: half uniform float32 bit patterns (every binade, NaNs included), half
    /// uniform between random neighbouring values of the format (or just beyond its ends).
    public static func randomInputs(_ reference: ReferenceRounding, count: Int, seed: UInt64 = 1) -> [Float] {
        let values = reference.family.model.values.map { $0.toDouble() }
        var out: [Float] = []
        out.reserveCapacity(count)
        for i in 0 ..< count {
            let r = StochasticBits.bits(seed: seed &+ 0xABCD, index: i)
            if i & 1 == 0 { out.append(Float(bitPattern: r)); continue }
            let r2 = StochasticBits.bits(seed: seed &+ 0x1234, index: i)
            let g = Int(r % UInt32(values.count + 1)) - 1  // -1 and count-1: beyond the ends
            let lo = g < 0 ? values[0] - (values[1] - values[0]) : values[g]
            let hi = g + 1 < values.count ? values[g + 1] : lo + (lo - values[values.count - 2])
            let t = Double(r2) * 0x1p-32
            let x = Float(lo + t * (hi - lo))
            out.append(r2 & 1 == 0 ? x : -x)
        }
        return out
    }
}
