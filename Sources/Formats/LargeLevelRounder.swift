/// `LevelTable` rounding for more than 16 levels (the counting rule of `LevelTable+Kernels`): the
/// count `j = #{i : c_i <= x}` by a branch-free binary search over the mode's thresholds padded with
/// NaN (never `<= x`) to `P = 2^Depth.steps` entries, so the predicate `c_i <= x` is true then false
/// along the array. Starting from j = 0, step `s = P/2, P/4, ..., 1` adds s iff `c[j + s - 1] <= x`;
/// the result is the count (at most P - 1). The depth is a type-level constant, so the search is a
/// fixed sequence of loads, compares and adds that LLVM unrolls and vectorizes across elements (as
/// gathers). The NaN level is read from the levels by its index, selected before the load.
/// Stochastic rounding keeps `LevelTable.quantize`.
struct LargeLevelRounder<Depth: SearchDepth>: ElementRounding, @unchecked Sendable {
    /// Thresholds of nearest-even, nearest-away, toward +inf and toward -inf, P each, then the levels.
    let storage: LevelSearchStorage
    let thresholds: UnsafePointer<Float>
    let levels: UnsafePointer<Float>
    let nanIndex: Int
    let table: LevelTable

    init(_ table: LevelTable) {
        let p = 1 << Depth.steps
        precondition(table.levels.count <= p)
        var all: [Float] = []
        for mode in [RoundingMode.nearestEven, .nearestAway, .towardPositive, .towardNegative] {
            let c = table.countThresholds(mode)!
            all += c + Array(repeating: .nan, count: p - c.count)
        }
        storage = LevelSearchStorage(all + table.levels)
        thresholds = UnsafePointer(storage.values)
        levels = thresholds + 4 * p
        nanIndex = table.levels.firstIndex(of: table.nanLevel)!
        self.table = table
    }

    @inline(__always)
    func pick(_ x: Float, _ slot: Int) -> Float {
        let c = thresholds + slot << Depth.steps
        var j = 0, step = 1 << (Depth.steps - 1)
        for _ in 0 ..< Depth.steps {
            j &+= x >= c[j &+ step &- 1] ? step : 0
            step >>= 1
        }
        return levels[x.isNaN ? nanIndex : j]
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

/// The search depth of `LargeLevelRounder`: tables of up to `2^steps` levels.
protocol SearchDepth { static var steps: Int { get } }
enum SearchDepth8: SearchDepth { static var steps: Int { 8 } }
enum SearchDepth12: SearchDepth { static var steps: Int { 12 } }
enum SearchDepth16: SearchDepth { static var steps: Int { 16 } }

/// The immutable buffer a `LargeLevelRounder` reads through a plain pointer (freed with it).
final class LevelSearchStorage: @unchecked Sendable {
    let values: UnsafeMutablePointer<Float>
    init(_ contents: [Float]) {
        values = .allocate(capacity: contents.count)
        values.initialize(from: contents, count: contents.count)
    }
    deinit { values.deallocate() }
}
