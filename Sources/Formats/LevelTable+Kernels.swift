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
/// count by a branch-free binary search of fixed depth (`LargeLevelRounder`).
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
        switch levels.count {
        case ...16: return SpecializedKernels(format: format, rounder: SmallLevelRounder(self))
        case ...256: return SpecializedKernels(format: format, rounder: LargeLevelRounder<SearchDepth8>(self))
        case ...4096: return SpecializedKernels(format: format, rounder: LargeLevelRounder<SearchDepth12>(self))
        default: return SpecializedKernels(format: format, rounder: LargeLevelRounder<SearchDepth16>(self))
        }
    }
}

/// Up to 16 levels: thresholds and levels as vectors, counted by compare-and-select. A table has
/// at most 15 thresholds; lane 15 of each threshold vector holds the NaN level, so that the loop
/// reads it with the thresholds (a load of its own under the NaN test keeps LLVM from vectorizing
/// the scaled loops for AVX2).
struct SmallLevelRounder: ElementRounding, Sendable {
    let levels: SIMD16<Float>
    let nearestEven: SIMD16<Float>, nearestAway: SIMD16<Float>, up: SIMD16<Float>, down: SIMD16<Float>
    let table: LevelTable

    init(_ table: LevelTable) {
        precondition(table.levels.count <= 16)
        func padded(_ values: [Float], _ fill: Float) -> SIMD16<Float> {
            var v = SIMD16<Float>(repeating: fill)
            for (i, x) in values.enumerated() { v[i] = x }
            return v
        }
        func thresholds(_ mode: RoundingMode) -> SIMD16<Float> {
            var c = padded(table.countThresholds(mode)!, .nan)
            c[15] = table.nanLevel
            return c
        }
        levels = padded(table.levels, table.levels.last!)
        nearestEven = thresholds(.nearestEven)
        nearestAway = thresholds(.nearestAway)
        up = thresholds(.towardPositive)
        down = thresholds(.towardNegative)
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
        return x.isNaN ? c[15] : r
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
