import Formats

/// Float32 lanes, one `SIMD16<Float>` per 16 outputs. Without the boundary check only where the
/// kernel choice (`LaneKernel`) proved every step's `fl32(t + a b)` in F's range equal to
/// `t + a b`; `Subnormal` turns on the subnormal check (with the boundary check).
///
/// With the boundary check, a step whose range or subnormal check fires is flagged (the kernel
/// redoes it exactly), but boundary lanes are resolved in the vector: with F of up to 14 mantissa
/// bits some lane of sixteen lands on a boundary in a few percent of the steps on data with random
/// low bits, too often for the exact scalar step. The sign of `x - y` is found exactly in Double:
/// `a b` is exact there; TwoSum gives `t + a b = u + e_u` exactly; `u = fl64(x)` and `y = fl32(x)`
/// are within a factor 2 of each other, so `u - y` is exact (Sterbenz; below float32's normals both
/// are multiples of u's quantum); and `fl64((u - y) + e_u)` has the sign of `x - y`, and is 0 only
/// when `x = y` (x is a multiple of 2^-298). The boundary lane is then rounded from y moved one
/// float32 unit toward x in magnitude (or left as it is on the tie, `x = y`): a value strictly
/// between the boundary point and the next F boundary point on x's side (they are at least two
/// units apart, M <= 22), where x lies too, and which lean rounding takes where x goes.
struct FloatLanes<Mode: StaticRoundingMode, Checks: LaneChecks, Subnormal: StaticFlag>: AccumulatorLanes {
    typealias Value = SIMD16<Float>
    typealias Column = SIMD16<Float>
    typealias Bits = SIMD16<UInt32>
    let constants: LeanRounding<UInt32>
    let shift: Bits, bias: Bits, lastBit: Bits, keep: Bits, low: Bits
    let rangeStart: Bits, rangeWidth: Bits, subnormalLimit: Bits, boundary: Bits

    init(_ grid: AccumulatorGrid) {
        let c = LeanRounding<UInt32>(grid, normal: max(grid.emin, -126), passSpecials: !Checks.boundary) { Float($0).bitPattern }
        constants = c
        shift = Bits(repeating: c.shift); bias = Bits(repeating: c.bias); lastBit = Bits(repeating: c.lastBit)
        low = Bits(repeating: c.low); keep = ~low
        rangeStart = Bits(repeating: c.rangeStart); rangeWidth = Bits(repeating: c.rangeWidth)
        subnormalLimit = Bits(repeating: c.subnormalLimit); boundary = Bits(repeating: c.boundary)
    }

    static var zero: Value { .zero }
    static var convertsRows: Bool { false }
    static func convert(_ row: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) { out.update(from: row, count: count) }
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> Value { UnsafeRawPointer(p).loadUnaligned(as: Value.self) }
    @inline(__always) func store(_ v: Value, to p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Value.self) }
    @inline(__always) func floats(_ v: Value) -> SIMD16<Float> { v }
    @inline(__always) func value(_ f: SIMD16<Float>) -> Value { f }
    @inline(__always) func column(_ p: UnsafePointer<Float>) -> Column { load(p) }

    @inline(__always)
    func step(_ t: Value, _ a: Float, _ b: Column) -> (Value, Bool) {
        let y = t.addingProduct(Value(repeating: a), b)
        let bits = unsafeBitCast(y, to: Bits.self)
        let towardZero = Mode.mode == .towardZero
        let result = unsafeBitCast(constants.round(bits, towardZero: towardZero, (shift, bias, lastBit, keep)), to: Value.self)
        guard Checks.range || Checks.boundary else { return (result, false) }
        let v = (bits &<< 1) | (bits &>> 31)
        var flagged = SIMDMask<SIMD16<Int32>>(repeating: false)
        if Checks.range { flagged .|= (v &- rangeStart) .< rangeWidth }
        guard Checks.boundary else { return (result, any(flagged)) }
        if Subnormal.value { flagged .|= (v &- 1) .< subnormalLimit }
        let onBoundary = boundaries(bits, v)
        guard any(flagged .| onBoundary) else { return (result, false) }
        if any(flagged) { return (result, true) }
        return (resolve(t, a, b, y: y, bits: bits, onBoundary: onBoundary, result: result), false)
    }

    @inline(__always)
    func boundaries(_ bits: Bits, _ v: Bits) -> SIMDMask<SIMD16<Int32>> {
        Mode.mode == .towardZero ? ((bits & low) .== boundary) .& (v .> 1) : (bits & low) .== boundary
    }

    /// The step with its checks, boundary lanes resolved; nil when the range or subnormal check
    /// fires (for the steps the register loop left).
    func settle(_ t: Value, _ a: Float, _ b: Column) -> Value? {
        let (value, flagged) = step(t, a, b)
        return flagged ? nil : value
    }

    /// The boundary lanes of a step rounded from y moved one float32 unit toward the exact
    /// `x = t + a b`: +1 on y's bit pattern (one unit up in magnitude) where `|x| > |y|`, -1 where
    /// `|x| < |y|`, 0 on the tie (see above).
    @inline(__always)
    func resolve(_ t: Value, _ a: Float, _ b: Column, y: Value, bits: Bits, onBoundary: SIMDMask<SIMD16<Int32>>, result: Value) -> Value {
        let step = SIMD16<Int32>(lowHalf: magnitudeStep(t.lowHalf, a, b.lowHalf, y.lowHalf),
                                 highHalf: magnitudeStep(t.highHalf, a, b.highHalf, y.highHalf))
        let moved = bits &+ unsafeBitCast(step, to: Bits.self)
        let settled = constants.round(moved, towardZero: Mode.mode == .towardZero, (shift, bias, lastBit, keep))
        return unsafeBitCast(unsafeBitCast(result, to: Bits.self).replacing(with: settled, where: onBoundary), to: Value.self)
    }

    /// For eight lanes, +1 where `|x| > |y|`, -1 where `|x| < |y|`, 0 where `x = y`, with
    /// `x = t + a b = u + e_u` (TwoSum in Double) and `y = fl32(x)`: the sign of
    /// `w = fl64((u - y) + e_u)` against y's.
    @inline(__always)
    func magnitudeStep(_ t: SIMD8<Float>, _ a: Float, _ b: SIMD8<Float>, _ y: SIMD8<Float>) -> SIMD8<Int32> {
        typealias D = SIMD8<Double>
        @inline(__always) func widen(_ f: SIMD8<Float>) -> D {
            D(Double(f[0]), Double(f[1]), Double(f[2]), Double(f[3]), Double(f[4]), Double(f[5]), Double(f[6]), Double(f[7]))
        }
        let p = D(repeating: Double(a)) * widen(b), tt = widen(t), yy = widen(y)
        let u = tt + p
        let bb = u - tt
        let eu = (tt - (u - bb)) + (p - bb)
        let w = (u - yy) + eu
        let opposite = unsafeBitCast(w, to: SIMD8<Int64>.self) ^ unsafeBitCast(yy, to: SIMD8<Int64>.self)
        let nonzero = unsafeBitCast(w .!= 0, to: SIMD8<Int64>.self)
        return SIMD8<Int32>(truncatingIfNeeded: (1 | (opposite &>> 63)) & nonzero)
    }
}
