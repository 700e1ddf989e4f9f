/// Rounding to an arbitrary sorted set of levels `v_0 < v_1 < ... < v_(K-1)` (all finite Floats).
///
/// For `x` between neighbours `lo = v_i <= x < hi = v_(i+1)`:
/// - nearest modes compare `x` exactly with the threshold `t_i` (the midpoint for a codebook; another point
///   for formats that round in a transformed domain, such as `PowerExponent`); at `x == t_i` nearest-even
///   takes the neighbour the format calls even (`tieUp[i]`) and nearest-away the larger magnitude;
/// - toward +inf takes `hi`, toward -inf `lo`, toward zero `lo` for `x >= 0` and `hi` for `x < 0`;
/// - stochastic takes the neighbour away from zero iff `d_away > u (hi - lo)` evaluated in IEEE
///   double arithmetic, where `d_away` is the distance to the nearer-to-zero neighbour (`x - lo` for
///   `x >= 0`, `hi - x` for `x < 0`) and `u = (random >> 8) / 2^24`. The reference evaluates the same
///   double expression, so the rule is defined by it.
/// Values below `v_0` or above `v_(K-1)` clamp to them (the format saturates); NaN gives the level
/// nearest zero; an exact level is returned unchanged in every mode.
public struct LevelTable: Sendable, Hashable {
    public let levels: [Float]
    /// The nearest-mode thresholds as exact real numbers are not Floats in general; each is kept
    /// as `below[i]`, the largest Float <= t_i, and `exact[i]`, whether t_i equals it. Then for a
    /// Float x: x > t_i iff x > below[i] and not (exact and x == below[i]); x == t_i iff exact and
    /// x == below[i]. So every comparison is exact, in Float.
    public let below: [Float]
    public let exact: [Bool]
    public let tieUp: [Bool]
    public let nanLevel: Float

    /// `thresholds[i]` is t_i as `hi + lo` with `lo` the exact remainder (`lo = 0` when the Double is
    /// exact), so the table can place each threshold exactly between Floats.
    public init(levels: [Float], thresholds: [(hi: Double, lo: Double)], tieUp: [Bool]) {
        precondition(levels.count >= 2 && thresholds.count == levels.count - 1 && tieUp.count == thresholds.count)
        self.levels = levels; self.tieUp = tieUp
        var below: [Float] = [], exact: [Bool] = []
        for t in thresholds {
            var f = Float(t.hi)
            if Double(f) > t.hi { f = f.nextDown }
            if Double(f) == t.hi {
                if t.lo < 0 { f = f.nextDown; exact.append(false) } else { exact.append(t.lo == 0) }
            } else {
                exact.append(false)
            }
            below.append(f)
        }
        self.below = below; self.exact = exact
        nanLevel = levels.min { abs($0) < abs($1) } ?? 0
    }

    /// The midpoint of two Floats as `hi + lo` exactly (Knuth's TwoSum, then an exact halving).
    public static func midpoint(_ a: Float, _ b: Float) -> (hi: Double, lo: Double) {
        let x = Double(a), y = Double(b)
        let s = x + y
        let bb = s - x
        let e = (x - (s - bb)) + (y - bb)
        return (s / 2, e / 2)
    }

    /// Index of the largest level `<= x`, or -1 when `x < v_0`.
    @inlinable
    func floorIndex(_ x: Float) -> Int {
        var lo = 0, hi = levels.count  // invariant: levels[0..<lo] <= x < levels[hi...]
        while lo < hi {
            let mid = (lo + hi) >> 1
            if levels[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    @inlinable
    public func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        if x.isNaN { return nanLevel }
        let i = floorIndex(x)
        if i < 0 { return levels[0] }
        if i == levels.count - 1 { return levels[i] }
        let lo = levels[i], hi = levels[i + 1]
        if x == lo { return lo }
        switch mode {
        case .nearestEven:
            let tie = exact[i] && x == below[i]
            return (x > below[i] && !tie) || (tie && tieUp[i]) ? hi : lo
        case .nearestAway:
            let tie = exact[i] && x == below[i]
            return (x > below[i] && !tie) || (tie && abs(hi) >= abs(lo)) ? hi : lo
        case .towardPositive: return hi
        case .towardNegative: return lo
        case .towardZero: return x >= 0 ? lo : hi
        case .stochastic:
            let span = Double(hi) - Double(lo)
            let u = Double(StochasticBits.unit(random))
            if x >= 0 { return Double(x) - Double(lo) > u * span ? hi : lo }
            return Double(hi) - Double(x) > u * span ? lo : hi
        }
    }

    /// Index of an exact level (codebooks use it as the code).
    public func index(of value: Float) -> Int? {
        let i = floorIndex(value)
        return i >= 0 && levels[i] == value ? i : nil
    }
}
