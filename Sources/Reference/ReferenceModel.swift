import Formats

/// The exact value set of a format, built in MPFR from the format's definition (never from the fast
/// path), and the rounding of a real number to it under a `RoundingMode`.
///
/// `values` are the finite values in ascending order (minifloats add the virtual values
/// `±(max + 2^(emax - M))` of the unbounded exponent range, so that overflow is decided by rounding);
/// gap `i` lies between `values[i]` and `values[i + 1]`. Per gap: `tieUp[i]` says which neighbour the
/// format calls even, and the nearest split is either the exact midpoint or, for power-exponent
/// formats, the point where `|x|^a = k + 1/2` (compared in the power domain, see `PowerSplit`).
struct ReferenceModel {
    enum StochasticRule {
        /// Away from zero iff `|x - near| > u (hi - lo)`, exactly (minifloat, integer, bipolar).
        case exactFraction
        /// `LevelTable`'s rule, evaluated as IEEE double arithmetic (53-bit MPFR, nearest-even).
        case levelTableDouble
    }

    /// The power-domain split of gap `i`: `x` goes up iff `sign(x) |x|^a > k + 1/2` (signed).
    struct PowerSplit {
        let exponent: MPFRValue
        /// Signed split points `k + 1/2` in the power domain, per gap.
        let points: [MPFRValue]
    }

    var values: [MPFRValue]
    var tieUp: [Bool]
    /// Exact midpoints (or, with `power`, `(k + 1/2)^(1/a)` to 256 bits) per gap.
    var thresholds: [MPFRValue]
    var power: PowerSplit?
    var stochastic: StochasticRule

    init(values: [MPFRValue], tieUp: [Bool], thresholds: [MPFRValue]? = nil, power: PowerSplit? = nil,
         stochastic: StochasticRule = .exactFraction) {
        precondition(values.count >= 2 && tieUp.count == values.count - 1)
        for i in 1 ..< values.count { precondition(values[i - 1] < values[i], "reference values not ascending") }
        self.values = values; self.tieUp = tieUp; self.power = power; self.stochastic = stochastic
        self.thresholds = thresholds ?? (0 ..< values.count - 1).map {
            values[$0].adding(values[$0 + 1], precision: 1200).multiplied(by: .power2(-1), precision: 1200)
        }
    }

    /// Index of the largest value `<= x`, or -1 when `x < values[0]` (x not NaN).
    func floorIndex(_ x: MPFRValue) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if values[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// Sign of `x - split(i)`, exact: 0 only on an exact tie.
    func compareToSplit(_ x: MPFRValue, gap i: Int) -> Int {
        if let power {
            // sign(x)|x|^a against the signed split k + 1/2; rounding is monotone, so a rounded power
            // that differs from the (exactly representable) split orders correctly, and an equal one
            // is resolved by its ternary value.
            let p = x.magnitude().power(power.exponent, precision: 512)
            let signed = x.signBit ? p.negated() : p
            let ternary = x.signBit ? -p.ternary : p.ternary
            let c = signed.compare(power.points[i])
            return c != 0 ? c : (ternary > 0 ? 1 : ternary < 0 ? -1 : 0)
        }
        let t = thresholds[i]
        let c = x.compare(t)
        return c != 0 ? c : (t.ternary > 0 ? 1 : t.ternary < 0 ? -1 : 0)
    }

    /// The index of the value `x` rounds to, `values[0] <= x <= values.last`, under `mode`.
    func round(_ x: MPFRValue, mode: RoundingMode, random: UInt32) -> Int {
        let i = floorIndex(x)
        precondition(i >= 0, "input below the reference value range")
        if i == values.count - 1 || x == values[i] { return i }
        let lo = values[i], hi = values[i + 1]
        let nonNegative = x >= MPFRValue.zero()
        switch mode {
        case .nearestEven, .nearestAway:
            let c = compareToSplit(x, gap: i)
            if c != 0 { return c > 0 ? i + 1 : i }
            if mode == .nearestEven { return tieUp[i] ? i + 1 : i }
            return hi.magnitude() >= lo.magnitude() ? i + 1 : i
        case .towardPositive: return i + 1
        case .towardNegative: return i
        case .towardZero: return nonNegative ? i : i + 1
        case .stochastic:
            let u = MPFRValue(Double(random >> 8) * 0x1p-24, precision: 64)
            let away = nonNegative ? i + 1 : i
            let near = nonNegative ? lo : hi
            switch stochastic {
            case .exactFraction:
                let d = x.subtracting(near, precision: max(1200, x.precision + 400)).magnitude()
                let span = hi.subtracting(lo, precision: 1200)
                return d > u.multiplied(by: span, precision: 1300) ? away : away == i ? i + 1 : i
            case .levelTableDouble:
                let d = nonNegative ? x.subtracting(lo, precision: 53) : hi.subtracting(x, precision: 53)
                let span = hi.subtracting(lo, precision: 53)
                return d > u.multiplied(by: span, precision: 53) ? away : away == i ? i + 1 : i
            }
        }
    }
}
