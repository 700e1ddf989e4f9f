/// Branch-free forms of `LevelTable` rounding for the buffer and scaled loops.
///
/// Every deterministic mode except toward-zero picks `v_j` with `j` the number of mode thresholds
/// `c_i <= x` (i = 0 ..< K-1), where `c` is nondecreasing and `v_i < c_i <= v_(i+1)`:
/// - nearest: `x` goes above `t_i` iff `x > below[i]`, or `x == below[i]` when `t_i` is that Float and
///   the tie goes up (`tieUp[i]` for nearest-even, `|v_(i+1)| >= |v_i|` for nearest-away); so
///   `c_i = below[i]` in the tie-up case and `below[i].nextUp` otherwise (for a Float x,
///   `x > b` iff `x >= b.nextUp`);
/// - toward +inf: the smallest level `>= x`, `c_i = v_i.nextUp`; toward -inf: the largest level
///   `<= x`, `c_i = v_(i+1)`;
/// - toward zero is toward -inf for `x >= 0` and toward +inf for `x < 0` (both counted, one chosen).
/// Below `v_0` the count is 0, above `v_(K-1)` it is K-1 (the clamps of `LevelTable`); an exact level
/// `v_j` counts exactly j. NaN compares false everywhere and is then replaced by `nanLevel`.
/// Stochastic rounding keeps `LevelTable.quantize`. So the result equals `LevelTable.quantize` bit
/// for bit (the exhaustive check compares them).
///
/// Tables of up to 16 levels count with 15 compares and selects on thresholds held in registers
/// (padding thresholds are NaN, never `<= x`), which LLVM vectorizes across elements; larger tables
/// count by a branch-free binary search over the thresholds padded to a power of two.
extension LevelTable {
    /// The thresholds `c` of `mode` (see above), without padding; nil for toward-zero and stochastic.
    func countThresholds(_ mode: RoundingMode) -> [Float]? {
        let k = levels.count
        switch mode {
        case .nearestEven, .nearestAway:
            return (0 ..< k - 1).map { i in
                let up = mode == .nearestEven ? tieUp[i] : abs(levels[i + 1]) >= abs(levels[i])
                return exact[i] && up ? below[i] : below[i].nextUp
            }
        case .towardPositive: return (0 ..< k - 1).map { levels[$0].nextUp }
        case .towardNegative: return (0 ..< k - 1).map { levels[$0 + 1] }
        case .towardZero, .stochastic: return nil
        }
    }

    /// The loops of a format whose rounding is `self` (`format.quantize` must equal `quantize`).
    public func kernels<F: ElementFormat>(for format: F) -> SpecializedKernels {
        levels.count <= 16
            ? SpecializedKernels(format: format, rounder: SmallLevelRounder(self))
            : SpecializedKernels(format: format, rounder: LargeLevelRounder(self))
    }
}

/// Up to 16 levels: thresholds and levels as vectors, counted by compare-and-select.
struct SmallLevelRounder: ElementRounding, Sendable {
    let levels: SIMD16<Float>
    let nearestEven: SIMD16<Float>, nearestAway: SIMD16<Float>, up: SIMD16<Float>, down: SIMD16<Float>
    let nanLevel: Float
    let table: LevelTable

    init(_ table: LevelTable) {
        precondition(table.levels.count <= 16)
        func padded(_ values: [Float], _ fill: Float) -> SIMD16<Float> {
            var v = SIMD16<Float>(repeating: fill)
            for (i, x) in values.enumerated() { v[i] = x }
            return v
        }
        levels = padded(table.levels, table.levels.last!)
        nearestEven = padded(table.countThresholds(.nearestEven)!, .nan)
        nearestAway = padded(table.countThresholds(.nearestAway)!, .nan)
        up = padded(table.countThresholds(.towardPositive)!, .nan)
        down = padded(table.countThresholds(.towardNegative)!, .nan)
        nanLevel = table.nanLevel
        self.table = table
    }

    /// `v_j`, j = #{i : c_i <= x}, as a chain of selects (c is nondecreasing).
    @inline(__always)
    func pick(_ x: Float, _ c: SIMD16<Float>) -> Float {
        var r = levels[0]
        r = x >= c[0] ? levels[1] : r; r = x >= c[1] ? levels[2] : r; r = x >= c[2] ? levels[3] : r
        r = x >= c[3] ? levels[4] : r; r = x >= c[4] ? levels[5] : r; r = x >= c[5] ? levels[6] : r
        r = x >= c[6] ? levels[7] : r; r = x >= c[7] ? levels[8] : r; r = x >= c[8] ? levels[9] : r
        r = x >= c[9] ? levels[10] : r; r = x >= c[10] ? levels[11] : r; r = x >= c[11] ? levels[12] : r
        r = x >= c[12] ? levels[13] : r; r = x >= c[13] ? levels[14] : r; r = x >= c[14] ? levels[15] : r
        return x.isNaN ? nanLevel : r
    }

    @inline(__always)
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        switch mode {
        case .nearestEven: return pick(x, nearestEven)
        case .nearestAway: return pick(x, nearestAway)
        case .towardPositive: return pick(x, up)
        case .towardNegative: return pick(x, down)
        case .towardZero:
            let floor = pick(x, down), ceiling = pick(x, up)
            return x >= 0 ? floor : ceiling
        case .stochastic: return table.quantize(x, mode: mode, random: random)
        }
    }
}

/// More than 16 levels: a branch-free binary search for the count over thresholds padded with NaN
/// to a power of two `P >= K` (the predicate `c_i <= x` is true then false along the padded array).
struct LargeLevelRounder: ElementRounding, @unchecked Sendable {
    /// Per deterministic mode but toward-zero, in `RoundingMode` order of `slot`, `P` thresholds each.
    let thresholds: [Float]
    let levels: [Float]
    let half: Int
    let nanLevel: Float
    let table: LevelTable

    init(_ table: LevelTable) {
        var p = 1
        while p < table.levels.count { p <<= 1 }
        var all: [Float] = []
        for mode in [RoundingMode.nearestEven, .nearestAway, .towardPositive, .towardNegative] {
            let c = table.countThresholds(mode)!
            all += c + Array(repeating: .nan, count: p - c.count)
        }
        thresholds = all; levels = table.levels; half = p >> 1
        nanLevel = table.nanLevel
        self.table = table
    }

    @inline(__always)
    func pick(_ x: Float, _ slot: Int) -> Float {
        thresholds.withUnsafeBufferPointer { all in
            let c = all.baseAddress! + slot * (half << 1)
            var j = 0, step = half
            while step > 0 {
                j += x >= c[j + step - 1] ? step : 0
                step >>= 1
            }
            return x.isNaN ? nanLevel : levels.withUnsafeBufferPointer { $0[j] }
        }
    }

    @inline(__always)
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        switch mode {
        case .nearestEven: return pick(x, 0)
        case .nearestAway: return pick(x, 1)
        case .towardPositive: return pick(x, 2)
        case .towardNegative: return pick(x, 3)
        case .towardZero: return x >= 0 ? pick(x, 3) : pick(x, 2)
        case .stochastic: return table.quantize(x, mode: mode, random: random)
        }
    }
}
