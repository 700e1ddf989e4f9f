import Formats

/// Sixteen outputs' accumulator step `t = round_F(t + a b)` as vector operations: `y = fl(t + a b)`
/// by one fused multiply-add in float32 (`FloatLanes`) or Double (`DoubleLanes`) lanes, then `y`
/// rounded to F on its bit pattern ("lean rounding", no specials), and, in checked lanes, a flag
/// when some lane's result is not provably `round_F(t + a b)`; the tile kernel
/// (`GemmPlan+Lanes.swift`) redoes a flagged step with the exact scalar step.
///
/// Lean rounding of a lane value with p-bit significands (p = 24 or 53) to F with M mantissa bits:
/// with `shift = p - 1 - M` dropped bits and `low = 2^shift - 1`,
/// - toward zero: `bits & ~low`, the significand cut to M + 1 bits;
/// - nearest-even: `(bits + 2^(shift-1) - 1 + lsb) & ~low`, lsb the last kept bit: the add carries
///   into the kept bits iff the dropped part is above half, or is half and lsb is 1; a carry out of
///   the significand gives the next binade's `2^(e+1)`, the right value.
/// The sign bit passes unchanged (a carry reaches it only from the all-ones exponent, out of range).
/// So lean rounding is `round_F(y)` for y in F's normal range with F's exponent range unbounded
/// above; and for float32 subnormals when F's smallest normal is float32's (`emin = -126`): their
/// bits hold `y / 2^-149`, and cutting `shift` bits leaves multiples of `2^(-126 - M)`, F's
/// subnormal spacing, with F's code parity as lsb.
///
/// Checks (`LaneChecks`), on `v = rotl(bits, 1) = 2 |bits| + sign`:
/// - range: `|y| > maxFinite`, which covers overflow, infinities and NaN: `v > 2 maxBits + 1`
///   (`LeanRounding` for the infinities and NaN that lanes without the boundary check pass);
/// - subnormal (with the boundary check, where `Subnormal` asks): `y = -0` or `0 < |y| < 2^emin'`, where lean rounding is not F's
///   (Double lanes: `emin' = emin`; float lanes: `max(emin, -126)`, checked when `emin != -126`)
///   and where a fnuz F's zero is unsigned: `v - 1 < 2 normalBits - 1` (wrapping: +0 passes);
///   toward zero also `|y| = 2^emin'`, a grid point whose neighbour below (where an x just under it
///   rounds) is subnormal, so that no boundary resolution (`FloatLanes`) or segment end
///   (`SegmentEndLanes`) ever rounds a value below `2^emin'`;
/// - boundary: y on a point where rounding `y = fl(x)` and the exact x may differ: nearest-even,
///   an F midpoint (dropped bits exactly half); toward zero, a nonzero point of F's grid (dropped
///   bits 0). Those points are lane values (M + 2 <= p bits) and fl is monotone, so `x < m` gives
///   `fl(x) <= m`, and `x = m` gives `fl(x) = m`: when y is none of them, x and y lie in the same
///   open interval between consecutive ones, where `round_F` is constant. `y = 0` comes from
///   `x = 0`, or in float lanes from `|x| <= 2^-150`, whose rounding to F is a zero of x's sign too.
protocol AccumulatorLanes {
    associatedtype Mode: StaticRoundingMode
    /// The type the lanes read A's and B's values in (`Float`, or `Double`: then the kernel converts
    /// A's rows and B's panel chunk by chunk, `convertsRows`).
    associatedtype Scalar
    associatedtype Value
    associatedtype Column
    static var convertsRows: Bool { get }
    /// `out[i] = row[i]` in the lanes' scalar type for i in `0 ..< count` (`convertsRows`).
    static func convert(_ row: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Scalar>)
    static var zero: Value { get }
    func load(_ p: UnsafePointer<Float>) -> Value
    func store(_ v: Value, to p: UnsafeMutablePointer<Float>)
    /// The lanes as floats (exact: lane values are values of F, a subset of float32).
    func floats(_ v: Value) -> SIMD16<Float>
    func value(_ f: SIMD16<Float>) -> Value
    /// One K position's 16 values of B (in the lanes' scalar type, `convert`ed like A's rows).
    func column(_ p: UnsafePointer<Scalar>) -> Column
    /// `(lean rounding of fl(t + a b), flagged)`; the value is not used when flagged.
    func step(_ t: Value, _ a: Scalar, _ b: Column) -> (Value, Bool)
    /// A flagged step done in the vector where the lanes can (`round_F(t + a b)` in every lane),
    /// else nil: the kernel does it with the exact scalar step.
    func settle(_ t: Value, _ a: Scalar, _ b: Column) -> Value?
}

/// Which checks a lane kernel runs, fixed at compile time: the range check, the boundary check
/// (inexact sums), both or none; the subnormal check goes with the boundary check where the lanes'
/// `Subnormal` flag asks for it.
protocol LaneChecks {
    static var range: Bool { get }
    static var boundary: Bool { get }
}
enum NoChecks: LaneChecks {
    static var range: Bool { false }
    static var boundary: Bool { false }
}
enum RangeChecks: LaneChecks {
    static var range: Bool { true }
    static var boundary: Bool { false }
}
enum BoundaryChecks: LaneChecks {
    static var range: Bool { false }
    static var boundary: Bool { true }
}
enum AllChecks: LaneChecks {
    static var range: Bool { true }
    static var boundary: Bool { true }
}

/// The bit-pattern constants of lean rounding and its checks for lanes of `Bits` (UInt32, UInt64).
///
/// The range check flags `v` in `[rangeStart, rangeStart + rangeWidth)` (one wrapping subtraction
/// and compare): every v above `2 maxBits + 1`, or, without the boundary check, only those whose rounding
/// is not the value itself: the finite ones, and an infinity or NaN only when F turns it into
/// something else. There, an infinite or NaN `fl(x)` comes from an infinite or NaN t or operand
/// (x itself, or F's nearest-even overflow of a float32 Inf, which an F keeping infinities also
/// rounds to Inf), and lean rounding passes it on: its dropped bits are 0 (Inf) or below the quiet
/// bit (NaN), so its pattern is unchanged.
struct LeanRounding<Bits: FixedWidthInteger & UnsignedInteger>: Equatable {
    var shift: Bits, bias: Bits, lastBit: Bits, low: Bits
    var rangeStart: Bits, rangeWidth: Bits, subnormalLimit: Bits, boundary: Bits

    /// For p-bit lanes (`p = Bits.bitWidth == 32 ? 24 : 53`) whose values have the bit patterns of
    /// `Float` or `Double` (`pattern`), a smallest normal `2^normal` below which the check flags,
    /// and `passSpecials`: the range check lets F's own infinities and NaN pass.
    init(_ grid: AccumulatorGrid, normal: Int, passSpecials: Bool, pattern: (Double) -> Bits) {
        let s = Bits((Bits.bitWidth == 32 ? 23 : 52) - grid.mantissaBits)
        shift = s
        bias = s > 0 ? (1 << (s - 1)) - 1 : 0
        lastBit = s > 0 ? 1 : 0
        low = (1 << s) - 1
        rangeStart = 2 &* pattern(grid.maxFinite) &+ 2
        let infinity = 2 &* pattern(.infinity)
        let last = !passSpecials || !grid.keepsNaN ? Bits.max : grid.keepsInfinity ? infinity &- 1 : infinity &+ 1
        rangeWidth = last &- rangeStart &+ 1
        subnormalLimit = 2 &* pattern(pow2(normal)) &+ (grid.towardZero ? 1 : 0) &- 1
        boundary = grid.towardZero || s == 0 ? 0 : 1 << (s - 1)
    }

    /// Lean rounding of `bits`.
    @inline(__always)
    func round<V: SIMD>(_ bits: V, towardZero: Bool, _ c: (shift: V, bias: V, lastBit: V, keep: V)) -> V where V.Scalar == Bits {
        towardZero ? bits & c.keep : (bits &+ c.bias &+ ((bits &>> c.shift) & c.lastBit)) & c.keep
    }
}
