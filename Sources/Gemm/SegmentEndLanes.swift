/// A segment end `acc = round_F(acc + s_a s_b t)` for sixteen lanes in float32, where every lane
/// meets what makes it exact; else it reports failure and the caller takes the exact scalar path.
///
/// - `c = fl32(s_a s_b)` and `h = fl32(c t)` are exact (`GemmPlan.isFloatProduct`: the FMA error is
///   0 and the product a normal float, or a factor 0; MX scales are powers of two, so this holds
///   whenever nothing under- or overflows), or t is 0 (then `h = c t` is a zero whatever c is);
/// - `(s, e) = TwoSum(acc, h)` gives `acc + h = s + e` exactly (finite, no overflow: a non-finite
///   s fails the range check below);
/// - nearest-even: `RO_24(s + e)` (`ExactArithmetic.roundToOdd`) then lean rounding
///   (`AccumulatorLanes`), exact for F with at most 22 significand bits (`p >= q + 2`,
///   Boldo-Melquiond); toward zero: `s + e` lies strictly between s and its neighbour on e's side,
///   so its truncation is that of s, or of the float one unit lower in magnitude when e points toward
///   zero (`(bits - 1) & ~low`: one F-grid step down when s is on the grid, the same cut otherwise),
///   for any M up to 23;
/// - the value rounded (`RO_24`, or the float one unit lower for toward zero), which lies on x's
///   side of every F grid point, passes the checks of float lanes: range, and always the subnormal
///   check (below `2^max(emin, -126)`, and -0);
/// - or acc is an infinity F keeps, or a NaN F keeps (h being finite): `acc + h` is acc, and so is
///   its rounding.
struct SegmentEndLanes<Mode: StaticRoundingMode> {
    typealias Bits = SIMD16<UInt32>
    let enabled: Bool
    let constants: LeanRounding<UInt32>
    let shift: Bits, bias: Bits, lastBit: Bits, keep: Bits
    let rangeStart: Bits, rangeWidth: Bits, subnormalLimit: Bits
    /// The smallest `rotl(bits, 1)` of an acc F keeps as it is (all ones: none).
    let keptSpecials: Bits

    init(_ grid: AccumulatorGrid) {
        enabled = grid.towardZero || grid.mantissaBits <= 21
        let c = LeanRounding<UInt32>(grid, normal: max(grid.emin, -126), passSpecials: false) { Float($0).bitPattern }
        constants = c
        shift = Bits(repeating: c.shift); bias = Bits(repeating: c.bias); lastBit = Bits(repeating: c.lastBit)
        keep = ~Bits(repeating: c.low)
        rangeStart = Bits(repeating: c.rangeStart); rangeWidth = Bits(repeating: c.rangeWidth)
        subnormalLimit = Bits(repeating: c.subnormalLimit)
        let infinity = 2 &* Float.infinity.bitPattern
        keptSpecials = Bits(repeating: grid.keepsInfinity ? infinity : grid.keepsNaN ? infinity + 2 : .max)
    }

    /// Writes the sixteen new accumulator values and returns true, or returns false and writes
    /// nothing. `sb` nil: every `s_b` is 1.
    @inline(__always)
    func end(acc: UnsafeMutablePointer<Float>, t: SIMD16<Float>, sa: Float, sb: UnsafePointer<Float>?) -> Bool {
        typealias V = SIMD16<Float>
        guard enabled else { return false }
        let sav = V(repeating: sa)
        let sbv = sb.map { UnsafeRawPointer($0).loadUnaligned(as: V.self) } ?? V(repeating: 1)
        let c = sav * sbv
        let h = c * t
        guard all((GemmPlan.isFloatProduct(c, sav, sbv) .| (t .== 0)) .& GemmPlan.isFloatProduct(h, c, t)) else { return false }
        let a = UnsafeRawPointer(acc).loadUnaligned(as: V.self)
        let s = a + h
        let bb = s - a
        let e = (a - (s - bb)) + (h - bb)
        let bits = unsafeBitCast(s, to: Bits.self)
        let inexact = e .!= 0
        let opposite = (bits ^ unsafeBitCast(e, to: Bits.self)) &>> 31
        let r: Bits, checked: Bits
        if Mode.mode == .towardZero {
            checked = bits &- opposite.replacing(with: 0, where: .!inexact)
            r = checked & keep
        } else {
            checked = ((bits &- opposite) | 1).replacing(with: bits, where: .!inexact)
            r = constants.round(checked, towardZero: false, (shift, bias, lastBit, keep))
        }
        let accBits = unsafeBitCast(a, to: Bits.self)
        let kept = ((accBits &<< 1) | (accBits &>> 31)) .>= keptSpecials
        let v = (checked &<< 1) | (checked &>> 31)
        guard !any(((v &- rangeStart) .< rangeWidth .| (v &- 1) .< subnormalLimit) .& .!kept) else { return false }
        UnsafeMutableRawPointer(acc).storeBytes(of: unsafeBitCast(r.replacing(with: accBits, where: kept), to: V.self), as: V.self)
        return true
    }
}
