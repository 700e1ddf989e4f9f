import Formats

/// The exact (MPFR) reference of a scaled format, written from the definition in `ScaledFormat`'s
/// documentation and `ScaleRule`'s, never through the fast path's scale code (`scales`, `fused`,
/// `ScaleRule.calculator`), `GroupLayout`, `GroupStatistics` or `ScaledKernel`.
///
/// It reads the format's stored facts (element format, granularity, scale rule, tensor scale,
/// clipping, asymmetric) and rounds with the element reference (`ReferenceRounding`). Every float32
/// step of the definition is replayed as one correctly rounded binary32 operation computed in MPFR
/// (`MPFRValue.roundedToFloat32`); exponents of the power-of-two rules come from MPFR's `log2`
/// (rounded down for floor, up for ceil: exact at integers, so `floor`/`ceil` of it are exact).
///
/// Per group (membership: `ScaledReferenceLayout`):
/// 1. `amax` = largest |x| over the group's finite values (a plain maximum, exact); for `cross`, the
///    element's amax from its row and column maxima (`crossAmax`); clipped:
///    `fl32(amax * ratio)`. A group holding Inf or NaN has a NaN scale: all its elements are NaN.
/// 2. Two levels: `t = fl32(fl32(amaxT * ratio) / fl32(scaleMax * elemMax))`, amaxT over the
///    tensor's finite values; else `t = 1`.
/// 3. Stored scale: fp32 `fl32(amax / elemMax)`; E8M0 `2^e`, e per rule clipped to [-127, 127]
///    (floor `floor(log2 amax) - emax`, ceil `ceil(log2 amax) - emax`, even: amax rounded to nearest
///    even at M+1 significant bits then floor, rceil `ceil(log2 fl32(amax / elemMax))`, where a
///    ratio that underflows to 0 gives e = -inf, clipped to -127, one that overflows to +Inf gives
///    e = +inf, clipped to 127), `emax = floor(log2 elemMax)`;
///    minifloat F: `round_F(fl32(fl32(amax / elemMax) / t))`, nearest-even, saturating, with an
///    error when `fl32(amax / elemMax) > max F` for a single level. Applied scale: `fl32(b * t)`.
/// 4. A zero applied scale (amax 0, or a scale that rounds to 0, or t = 0) gives +0 for every
///    element; else `q = round_elem(fl32(x / s))` (saturating element, element reference rounding,
///    stochastic draw `StochasticBits.bits(seed, i)` with i the global C-order index), `fl32(q * s)`.
/// Asymmetric: lo = `fl32(min(min_g, 0) * ratio)`, hi = `fl32(max(max_g, 0) * ratio)`,
/// `s = fl32(fl32(hi - lo) / (2^n - 1))`, `z = roundEven(fl32(-lo / s))` clamped to [0, 2^n - 1]
/// (0 when s = 0), `q = round_elem(fl32(fl32(x / s) + z))`, value `fl32((q - z) * s)`.
///
/// Clipping: `.absmax` is ratio 1, `.ratio(r)` is r. `.mseSearch` replays the search as documented
/// (ratios `ScaledFormat.clippingGrid`, each giving reference outputs in nearest-even, squared error
/// over the finite inputs summed in Double in index order, strict improvement, so ties keep the
/// larger ratio): the outputs are exact, the error sum is the same Double procedure the definition
/// names (not an exact real sum).
///
/// Not thread-safe (it owns MPFR values through `ReferenceRounding`); build one per thread.
public final class ScaledReference {
    public let format: ScaledFormat
    let element: ReferenceRounding
    let scaleFormat: ReferenceRounding?
    /// The element format's largest value (the reference's own, from its value set).
    public let elementMax: Float
    /// `floor(log2 elementMax)`.
    let elementExponent: Int
    /// The minifloat scale format's largest value (infinity for other rules).
    public let scaleMax: Float
    let mantissaBits: Int?

    /// A group's scale facts.
    public struct Scales: Sendable, Equatable {
        /// The clipping ratio used.
        public var ratio: Float
        /// The second-level scale (1 without one).
        public var tensorScale: Float
        /// The stored block scale per group (NaN for a non-finite group).
        public var stored: [Float]
        /// The scale applied to the elements: `fl32(stored * t)` with two levels, else `stored`.
        public var applied: [Float]
        /// Zero points (asymmetric).
        public var zeroPoints: [Float]?
    }

    public init(_ format: ScaledFormat) throws {
        self.format = format
        element = try ReferenceRounding(format.element)
        guard let top = element.finiteValues.max(), top > 0 else {
            throw ScaledReferenceError.unsupported("element format \(format.element.info.name) has no positive value")
        }
        elementMax = top
        elementExponent = MPFRValue(top, precision: 24).binaryExponent
        if case let .minifloat(f) = format.scale {
            let r = try ReferenceRounding(f)
            scaleFormat = r
            scaleMax = r.finiteValues.max() ?? .infinity
        } else {
            scaleFormat = nil
            scaleMax = .infinity
        }
        mantissaBits = (format.element as? MiniFloat)?.mantissaBits
    }

    // MARK: scales

    /// The ratio `clipping` gives for this tensor (the MSE search replayed on reference outputs).
    public func clippingRatio(_ values: [Float], shape: [Int]) throws -> Float {
        switch format.clipping {
        case .absmax: return 1
        case let .ratio(r): return r
        case .mseSearch:
            let layout = try ScaledReferenceLayout(format.granularity, shape: shape, count: values.count)
            var best: (ratio: Float, error: Double) = (1, .infinity)
            for ratio in ScaledFormat.clippingGrid {
                let s = try scales(values, layout: layout, ratio: ratio)
                let out = apply(s, values, layout: layout, mode: .nearestEven, seed: 0)
                var total = 0.0
                for i in values.indices where values[i].isFinite {
                    let d = Double(values[i]) - Double(out[i])
                    total += d * d
                }
                if total < best.error { best = (ratio, total) }
            }
            return best.ratio
        }
    }

    /// Every group's scale for clipping `ratio`.
    public func scales(_ values: [Float], layout: ScaledReferenceLayout, ratio: Float) throws -> Scales {
        let n = layout.groupCount
        var low = [Float](repeating: .infinity, count: n), high = [Float](repeating: -.infinity, count: n)
        var magnitude = [Float](repeating: 0, count: n), bad = [Bool](repeating: false, count: n)
        var tensorMax: Float = 0
        for (i, x) in values.enumerated() {
            let g = layout.groupOf[i]
            guard x.isFinite else { bad[g] = true; continue }
            low[g] = Swift.min(low[g], x); high[g] = Swift.max(high[g], x)
            magnitude[g] = Swift.max(magnitude[g], Swift.abs(x))
            tensorMax = Swift.max(tensorMax, Swift.abs(x))
        }
        if case let .cross(alpha) = format.granularity { (magnitude, bad) = Self.crossAmax(values, rowLength: layout.rowLength, alpha: alpha) }
        var t: Float = 1
        if format.tensorScale {
            let clipped = Float32Arithmetic.multiply(tensorMax, ratio)
            t = Float32Arithmetic.divide(clipped, Float32Arithmetic.multiply(scaleMax, elementMax))
        }
        var result = Scales(ratio: ratio, tensorScale: t, stored: [], applied: [], zeroPoints: format.asymmetric ? [] : nil)
        for g in 0 ..< n {
            if bad[g] {
                result.stored.append(.nan); result.applied.append(.nan); result.zeroPoints?.append(0)
                continue
            }
            if format.asymmetric {
                let levels = Float((1 << format.element.info.bits) - 1)
                let lo = Float32Arithmetic.multiply(Swift.min(low[g] == .infinity ? 0 : low[g], 0), ratio)
                let hi = Float32Arithmetic.multiply(Swift.max(high[g] == -.infinity ? 0 : high[g], 0), ratio)
                let s = Float32Arithmetic.divide(Float32Arithmetic.subtract(hi, lo), levels)
                var z: Float = 0
                if s > 0 {
                    let r = MPFRValue(Float32Arithmetic.divide(-lo, s), precision: 24).rint(rounding: .nearestEven, precision: 64)
                    z = Swift.min(levels, Swift.max(0, r.float))
                }
                result.stored.append(s); result.applied.append(s); result.zeroPoints?.append(z)
                continue
            }
            let amax = Float32Arithmetic.multiply(magnitude[g], ratio)
            if amax == 0 || (format.tensorScale && t == 0) {
                result.stored.append(0); result.applied.append(0)
                continue
            }
            let stored = try storedScale(amax, tensorScale: t)
            result.stored.append(stored)
            result.applied.append(format.tensorScale ? Float32Arithmetic.multiply(stored, t) : stored)
        }
        return result
    }

    /// Per element of the [rows, rowLength] view, CrossQuant's amax `fl32(fl64(u_i v_j))` with
    /// t_i, c_j the exact row and column maxima of |x| over finite values, and u_i = t_i^alpha,
    /// v_j = c_j^(1-alpha) the Double procedure the definition names (`ScaledFormat.crossPower`); the
    /// product rounded to 53 then to 24 bits in MPFR. An element whose row or column holds Inf or NaN is bad.
    static func crossAmax(_ values: [Float], rowLength: Int, alpha: Double) -> ([Float], [Bool]) {
        let rows = values.count / rowLength
        var t = [Float](repeating: 0, count: rows), c = [Float](repeating: 0, count: rowLength)
        var badRow = [Bool](repeating: false, count: rows), badColumn = [Bool](repeating: false, count: rowLength)
        for (e, x) in values.enumerated() {
            let (i, j) = (e / rowLength, e % rowLength)
            guard x.isFinite else { badRow[i] = true; badColumn[j] = true; continue }
            t[i] = Swift.max(t[i], Swift.abs(x)); c[j] = Swift.max(c[j], Swift.abs(x))
        }
        let u = t.map { ScaledFormat.crossPower(Double($0), alpha) }, v = c.map { ScaledFormat.crossPower(Double($0), 1 - alpha) }
        var amax = [Float](repeating: 0, count: values.count), bad = [Bool](repeating: false, count: values.count)
        for e in values.indices {
            let (i, j) = (e / rowLength, e % rowLength)
            bad[e] = badRow[i] || badColumn[j]
            let p = MPFRValue(u[i], precision: 53).multiplied(by: MPFRValue(v[j], precision: 53), precision: 53)
            amax[e] = MPFRValue(p.toDouble(), precision: 53).roundedToFloat32  // the Double, rounded once (ternary dropped)
        }
        return (amax, bad)
    }

    /// The stored scale of a group with clipped amax `amax` (finite, > 0).
    func storedScale(_ amax: Float, tensorScale t: Float) throws -> Float {
        switch format.scale {
        case .fp32:
            return Float32Arithmetic.divide(amax, elementMax)
        case let .powerOfTwo(rule):
            let a = MPFRValue(amax, precision: 24)
            var e: Int
            switch rule {
            case .floor: e = Self.floorLog2(a) - elementExponent
            case .ceil: e = Self.ceilLog2(a) - elementExponent
            case .even:
                let bits = (mantissaBits ?? 23) + 1
                e = Self.floorLog2(MPFRValue(a, precision: bits, rounding: .nearestEven)) - elementExponent
            case .rceil:
                let r = Float32Arithmetic.divide(amax, elementMax)
                e = r == 0 ? Int.min / 2 : r.isInfinite ? Int.max / 2 : Self.ceilLog2(MPFRValue(r, precision: 24))
            }
            e = Swift.min(127, Swift.max(-127, e))
            return MPFRValue.power2(e).float
        case .minifloat:
            let needed = Float32Arithmetic.divide(amax, elementMax)
            if !format.tensorScale, needed > scaleMax {
                throw ScaledReferenceError.scaleOverflow(needed: needed, scaleMax: scaleMax)
            }
            return scaleFormat!.round(Float32Arithmetic.divide(needed, t), mode: .nearestEven)
        }
    }

    /// `floor(log2 x)`, x > 0: log2 rounded down (exact at integers), then floor.
    static func floorLog2(_ x: MPFRValue) -> Int {
        Int(x.log2(precision: 128, rounding: .towardNegative).floor().toDouble())
    }

    /// `ceil(log2 x)`, x > 0: log2 rounded up (exact at integers), then ceil.
    static func ceilLog2(_ x: MPFRValue) -> Int {
        Int(x.log2(precision: 128, rounding: .towardPositive).ceil().toDouble())
    }

    // MARK: elements

    /// The element pass with given scales.
    public func apply(_ s: Scales, _ values: [Float], layout: ScaledReferenceLayout, mode: RoundingMode, seed: UInt64) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        for (i, x) in values.enumerated() {
            let g = layout.groupOf[i]
            let scale = s.applied[g]
            if scale.isNaN { out[i] = .nan; continue }
            if scale == 0 { out[i] = 0; continue }
            let random = mode == .stochastic ? StochasticBits.bits(seed: seed, index: i) : 0
            if let z = s.zeroPoints?[g] {
                let y = Float32Arithmetic.add(Float32Arithmetic.divide(x, scale), z)
                let q = element.round(y, mode: mode, random: random)
                // q - z is exact (integers of at most 16 bits); one rounding of (q - z) * s.
                let d = MPFRValue(q, precision: 24).subtracting(MPFRValue(z, precision: 24), precision: 64)
                out[i] = d.multiplied(by: MPFRValue(scale, precision: 24), precision: MPFRValue.workPrecision).roundedToFloat32
            } else {
                let q = element.round(Float32Arithmetic.divide(x, scale), mode: mode, random: random)
                out[i] = Float32Arithmetic.multiply(q, scale)
            }
        }
        return out
    }

    /// The reference `fakeQuantize`: scales from the definition, then the element pass.
    public func fakeQuantize(_ values: [Float], shape: [Int], mode: RoundingMode, seed: UInt64) throws -> [Float] {
        try quantizeWithScales(values, shape: shape, mode: mode, seed: seed).output
    }

    /// `fakeQuantize` that also returns the scales (and the ratio the clipping chose).
    public func quantizeWithScales(_ values: [Float], shape: [Int], mode: RoundingMode, seed: UInt64,
                                   ratio: Float? = nil) throws -> (output: [Float], scales: Scales) {
        let layout = try ScaledReferenceLayout(format.granularity, shape: shape, count: values.count)
        let r = try ratio ?? clippingRatio(values, shape: shape)
        let s = try scales(values, layout: layout, ratio: r)
        return (apply(s, values, layout: layout, mode: mode, seed: seed), s)
    }
}
