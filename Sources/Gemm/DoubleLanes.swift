import Formats

/// Double lanes, two `SIMD8<Double>` per 16 outputs: `fl64(t + a b)` (the product of two floats is
/// exact in Double) is `t + a b` itself whenever that fits 53 bits. Lean rounding is not F's
/// rounding below F's smallest normal (Double's normal range reaches far lower), so Double lanes
/// with the boundary check check for subnormals unless every sum is on F's subnormal grid
/// (`Subnormal` false).
///
/// Nearest-even lean rounding here is `(y + σ) - σ` with `σ = ±2^(e + 52 - M)` (y's sign and
/// exponent e, from its bits: `(bits & sign-and-exponent) + (52 - M) 2^52`): `|y| + |σ|` lies in
/// σ's binade, whose spacing is `2^(e - M)`, F's quantum at y, and `σ / 2^(e - M) = 2^52` is even,
/// so the sum rounds y's magnitude to F's precision, ties to even, a carry to `2^(e + 1)` included;
/// the subtraction is exact. It gives +0 for y = -0, which these lanes never see unflagged (a -0
/// sum needs t = -0; t starts at +0, lean rounding gives -0 only from -0, and the exact step only
/// for a nonzero x below F's smallest subnormal, which the subnormal check flags first, or which is
/// not a multiple of F's smallest quantum, where `Subnormal` is on), and passes infinities and NaN
/// on unchanged (σ is then a finite value of either sign).
struct DoubleLanes<Mode: StaticRoundingMode, Checks: LaneChecks, Subnormal: StaticFlag>: AccumulatorLanes {
    struct Value { var lo: SIMD8<Double>, hi: SIMD8<Double> }
    typealias Column = Value
    typealias Bits = SIMD8<UInt64>
    let constants: LeanRounding<UInt64>
    let keep: Bits, low: Bits, signExponent: Bits, sigmaOffset: Bits
    let rangeStart: Bits, rangeWidth: Bits, subnormalLimit: Bits, boundary: Bits

    init(_ grid: AccumulatorGrid) {
        let c = LeanRounding<UInt64>(grid, normal: grid.emin, passSpecials: !Checks.boundary) { $0.bitPattern }
        constants = c
        low = Bits(repeating: c.low); keep = ~low
        signExponent = Bits(repeating: 0xFFF0_0000_0000_0000)
        sigmaOffset = Bits(repeating: c.shift << 52)
        rangeStart = Bits(repeating: c.rangeStart); rangeWidth = Bits(repeating: c.rangeWidth)
        subnormalLimit = Bits(repeating: c.subnormalLimit); boundary = Bits(repeating: c.boundary)
    }

    static var zero: Value { Value(lo: .zero, hi: .zero) }
    static var convertsRows: Bool { true }
    static func convert(_ row: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Double>) {
        for i in 0 ..< count { out[i] = Double(row[i]) }
    }
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> Value { value(UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)) }
    @inline(__always) func store(_ v: Value, to p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: floats(v), as: SIMD16<Float>.self)
    }
    @inline(__always) func floats(_ v: Value) -> SIMD16<Float> {
        var f = SIMD16<Float>()
        for i in 0 ..< 8 { f[i] = Float(v.lo[i]); f[i + 8] = Float(v.hi[i]) }
        return f
    }
    @inline(__always) func value(_ f: SIMD16<Float>) -> Value {
        var v = Self.zero
        for i in 0 ..< 8 { v.lo[i] = Double(f[i]); v.hi[i] = Double(f[i + 8]) }
        return v
    }
    @inline(__always) func column(_ p: UnsafePointer<Double>) -> Column {
        Value(lo: UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self), hi: UnsafeRawPointer(p + 8).loadUnaligned(as: SIMD8<Double>.self))
    }

    @inline(__always)
    func half(_ t: SIMD8<Double>, _ a: SIMD8<Double>, _ b: SIMD8<Double>) -> (SIMD8<Double>, SIMDMask<SIMD8<Int64>>) {
        let y = t.addingProduct(a, b)
        let bits = unsafeBitCast(y, to: Bits.self)
        let towardZero = Mode.mode == .towardZero
        let result: SIMD8<Double>
        if towardZero {
            result = unsafeBitCast(bits & keep, to: SIMD8<Double>.self)
        } else {
            let sigma = unsafeBitCast((bits & signExponent) &+ sigmaOffset, to: SIMD8<Double>.self)
            result = (y + sigma) - sigma
        }
        guard Checks.range || Checks.boundary else { return (result, SIMDMask(repeating: false)) }
        let v = (bits &<< 1) | (bits &>> 63)
        var flagged = SIMDMask<SIMD8<Int64>>(repeating: false)
        if Checks.range { flagged .|= (v &- rangeStart) .< rangeWidth }
        guard Checks.boundary else { return (result, flagged) }
        if Subnormal.value { flagged .|= (v &- 1) .< subnormalLimit }
        flagged .|= towardZero ? ((bits & low) .== boundary) .& (v .> 1) : (bits & low) .== boundary
        return (result, flagged)
    }

    /// Flagged steps are rare here (a boundary lane has odds of about `2^(M - 52)`): all exact.
    func settle(_ t: Value, _ a: Double, _ b: Column) -> Value? { nil }

    @inline(__always)
    func step(_ t: Value, _ a: Double, _ b: Column) -> (Value, Bool) {
        let av = SIMD8<Double>(repeating: a)
        let (lo, flagLo) = half(t.lo, av, b.lo)
        let (hi, flagHi) = half(t.hi, av, b.hi)
        guard Checks.range || Checks.boundary else { return (Value(lo: lo, hi: hi), false) }
        return (Value(lo: lo, hi: hi), any(flagLo .| flagHi))
    }
}
