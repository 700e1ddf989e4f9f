/// A group's scale from its amax, `ScaledFormat` steps 1-3 and `ScaleRule`, with one format's facts
/// bound (element max, rule, second level, overflow limit), as a value whose batch loop
/// (`fill`) inlines the rule: the fused block pass computes the scales of a few hundred groups per
/// batch in one branch-free, vectorizable loop instead of one call per group. `stored` is the same
/// map for one amax (the scalar paths, `ScaleRule.calculator`), so both give the same bits.
///
/// Power-of-two exponents are read from the float32 bits: for `x > 0` finite, `floor(log2 x)` is the
/// biased exponent field minus 127, after multiplying a subnormal by 2^64 (exact) and subtracting 64
/// more; `ceil(log2 x)` adds 1 when the normalized mantissa field is nonzero (x not a power of two).
/// These are `Float.exponent` and `significand == 1` of the definition, without branches.
@usableFromInline
struct ScaleCalculator: Sendable {
    let rule: ScaleRule
    let elementMax: Float
    /// floor(log2 elemMax), the `emax` of the power-of-two rules.
    let emax: Int32
    /// The `even` rule's significand bits after the point (the element's mantissa bits, 23 without).
    let fractionBits: Int
    /// The second level t (1 without one).
    let tensor: Float
    let twoLevel: Bool
    /// A single-level minifloat scale's largest value (amax / elemMax above it is an error); +inf else.
    let overflowLimit: Float

    init(rule: ScaleRule, elementMax: Float, elementMantissaBits: Int?, tensor: Float, twoLevel: Bool, scaleMax: Float) {
        self.rule = rule; self.elementMax = elementMax; self.tensor = tensor; self.twoLevel = twoLevel
        emax = Int32(elementMax.exponent)
        fractionBits = elementMantissaBits ?? 23
        overflowLimit = twoLevel ? .infinity : scaleMax
    }

    /// A calculator standing in where a pass finds no scales (its blocks' scales are given or custom).
    static let unused = ScaleCalculator(rule: .fp32, elementMax: 1, elementMantissaBits: nil, tensor: 1, twoLevel: false, scaleMax: .infinity)

    /// The stored scale of a finite `amax > 0` (`ScaleRule`).
    @inline(__always)
    func stored(_ amax: Float) -> Float {
        switch rule {
        case .fp32: return amax / elementMax
        case let .powerOfTwo(r): return powerOfTwo(amax, r)
        case let .minifloat(f): return f.quantize((amax / elementMax) / tensor, mode: .nearestEven, random: 0)
        }
    }

    /// Whether `amax` needs a scale the scale format cannot hold (single-level minifloat scales).
    @inline(__always)
    func overflows(_ amax: Float) -> Bool { amax / elementMax > overflowLimit }

    /// Stored and applied scale of a group with finite (clipped) `amax`: zeros for an all-zero group
    /// and for every group when t underflowed to 0; `applied = fl32(stored * t)` with two levels.
    @inline(__always)
    func scales(_ amax: Float, _ storedOf: (Float) -> Float) -> (stored: Float, applied: Float) {
        Self.scales(amax, twoLevel: twoLevel, tensor: tensor, storedOf)
    }

    /// `scales` with the facts as arguments (the batch loop binds them once, outside the loop).
    @inline(__always)
    static func scales(_ amax: Float, twoLevel: Bool, tensor: Float, _ storedOf: (Float) -> Float) -> (stored: Float, applied: Float) {
        let zero = amax == 0 || (twoLevel && tensor == 0)
        let s = storedOf(zero ? 1 : amax)  // any finite positive argument: the result is discarded
        return zero ? (0, 0) : (s, twoLevel ? s * tensor : s)
    }

    /// `2^e` for the power-of-two rules (e clipped to [-127, 127]; 2^-127 is float32 subnormal).
    @inline(__always)
    func powerOfTwo(_ amax: Float, _ r: ScaleRule.PowerOfTwoRule) -> Float {
        var e: Int32
        switch r {
        case .floor: e = Self.log2(amax).floor &- emax
        case .ceil: e = Self.log2(amax).ceil &- emax
        case .even: e = Int32(ScaleRule.roundedExponent(amax, fractionBits: fractionBits)) &- emax
        case .rceil:
            let ratio = amax / elementMax
            e = ratio.isFinite ? Self.log2(ratio).ceil : 127
        }
        e = Swift.min(127, Swift.max(-127, e))
        return Float(bitPattern: e >= -126 ? UInt32(truncatingIfNeeded: e &+ 127) << 23 : 0x0040_0000)
    }

    /// floor and ceil of log2 of finite `x >= 0` (x = 0 gives -191 for both: below every clip).
    @inline(__always)
    static func log2(_ x: Float) -> (floor: Int32, ceil: Int32) {
        let bits = x.bitPattern & 0x7FFF_FFFF
        let subnormal = bits < 0x0080_0000
        let normalized = subnormal ? (x * 0x1p64).bitPattern & 0x7FFF_FFFF : bits
        let floor = Int32(bitPattern: normalized >> 23) &- (subnormal ? 191 : 127)
        return (floor, floor &+ (normalized & 0x007F_FFFF != 0 ? 1 : 0))
    }

    /// What one batch of groups found: the largest amax that overflows (0 when none), and whether
    /// some applied scale is special (NaN or zero, `SpecialScale`).
    struct BatchResult {
        var tooLarge: Float = 0
        var special = false
    }

    /// The scales of `count` groups from their magnitude bits (`amaxBits[k]`, the largest
    /// `bits & 0x7FFFFFFF` of group k, Inf or NaN when >= 0x7F800000) times the clipping `ratio`,
    /// written to `stored[k]` and `applied[k]`: NaN for a group holding Inf or NaN, else `scales`.
    func fill(_ amaxBits: UnsafePointer<UInt32>, count: Int, ratio: Float,
              stored: UnsafeMutablePointer<Float>, applied: UnsafeMutablePointer<Float>) -> BatchResult {
        switch rule {
        case .fp32: return batch(amaxBits, count, ratio, stored, applied) { $0 / elementMax }
        case .powerOfTwo(.floor): return batch(amaxBits, count, ratio, stored, applied) { powerOfTwo($0, .floor) }
        case let .powerOfTwo(r): return batch(amaxBits, count, ratio, stored, applied) { powerOfTwo($0, r) }
        case let .minifloat(f):
            switch (f.floatSubnormalPath, f.isExponentOnly) {
            case (true, _): return minifloatBatch(MiniFloat.Specialized<True, False>(format: f), amaxBits, count, ratio, stored, applied)
            case (false, false): return minifloatBatch(MiniFloat.Specialized<False, False>(format: f), amaxBits, count, ratio, stored, applied)
            case (false, true): return minifloatBatch(MiniFloat.Specialized<False, True>(format: f), amaxBits, count, ratio, stored, applied)
            }
        }
    }

    /// `fill` for a minifloat scale, with its rounding's path choices fixed as types.
    @inline(__always)
    func minifloatBatch<R: ElementRounding>(_ rounder: R, _ amaxBits: UnsafePointer<UInt32>, _ count: Int, _ ratio: Float,
                                            _ stored: UnsafeMutablePointer<Float>, _ applied: UnsafeMutablePointer<Float>) -> BatchResult {
        let (r, elementMax, tensor) = (rounder, self.elementMax, self.tensor)  // locals: kept in registers
        return batch(amaxBits, count, ratio, stored, applied) { r.quantize(($0 / elementMax) / tensor, mode: .nearestEven, random: 0) }
    }

    /// Three loops, so that the first (the scales) is a plain map the loop vectorizer takes, and the
    /// reductions are over integers (magnitude bits order like the positive floats).
    @inline(__always)
    func batch(_ amaxBits: UnsafePointer<UInt32>, _ count: Int, _ ratio: Float, _ stored: UnsafeMutablePointer<Float>,
               _ applied: UnsafeMutablePointer<Float>, _ storedOf: (Float) -> Float) -> BatchResult {
        // The facts as values bound before the loop (read through `self` they are reloaded after
        // every store, which keeps the loop scalar).
        let (twoLevel, tensor, elementMax, limit) = (self.twoLevel, self.tensor, self.elementMax, self.overflowLimit)
        for k in 0 ..< count {
            let m = amaxBits[k]
            let finite = m < 0x7F80_0000
            let s = Self.scales(Float(bitPattern: finite ? m : 0) * ratio, twoLevel: twoLevel, tensor: tensor, storedOf)
            stored[k] = finite ? s.stored : .nan
            applied[k] = finite ? s.applied : .nan
        }
        var special: UInt32 = 0
        for k in 0 ..< count {
            let a = applied[k].bitPattern & 0x7FFF_FFFF
            special |= (a == 0 ? 1 : 0) | (a > 0x7F80_0000 ? 1 : 0)
        }
        var tooLarge: UInt32 = 0
        if limit.isFinite {
            for k in 0 ..< count {
                let m = amaxBits[k]
                let amax = Float(bitPattern: m < 0x7F80_0000 ? m : 0) * ratio
                tooLarge = Swift.max(tooLarge, amax / elementMax > limit ? amax.bitPattern : 0)
            }
        }
        return BatchResult(tooLarge: Float(bitPattern: tooLarge), special: special != 0)
    }
}
