/// Mean, extremes and percentiles of a list of per-row, per-column or per-block values.
///
/// Percentiles use linear interpolation between closest ranks (numpy's default, Hyndman-Fan type 7):
/// with the values sorted v_0 <= ... <= v_{n-1}, p-th percentile = v_f + (h - f)(v_{f+1} - v_f),
/// h = (n - 1) p, f = floor(h). The mean is summed in Double in the values' order.
public struct SummaryStatistics: Codable, Sendable, Equatable {
    /// How many values were summarized (undefined values, NaN, are left out before).
    public var count: Int
    public var mean: Double
    public var min: Double
    public var p10: Double
    public var median: Double
    public var p90: Double
    public var max: Double

    /// Summarizes the non-NaN `values`; nil when there are none.
    public init?(_ values: [Double]) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        count = sorted.count
        mean = values.reduce(0) { $1.isNaN ? $0 : $0 + $1 } / Double(count)
        min = first
        max = last
        p10 = Self.percentile(sorted, 0.1)
        median = Self.percentile(sorted, 0.5)
        p90 = Self.percentile(sorted, 0.9)
    }

    /// The same summary from the ascending distinct non-NaN values, how often each occurs, and the
    /// values' sum formed in their original order: equal, bit for bit, to `init(values)`.
    public init?(sortedDistinct values: [Double], multiplicities: [Int], sum: Double) {
        guard let first = values.first, let last = values.last else { return nil }
        var ends: [Int] = []  // ends[j]: rank just past the last copy of values[j]
        ends.reserveCapacity(values.count)
        for m in multiplicities { ends.append((ends.last ?? 0) + m) }
        count = ends[ends.count - 1]
        mean = sum / Double(count)
        min = first
        max = last
        let n = count
        func value(atRank r: Int) -> Double {
            var lo = 0, hi = ends.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if ends[mid] > r { hi = mid } else { lo = mid + 1 }
            }
            return values[lo]
        }
        func percentile(_ p: Double) -> Double {
            let h = Double(n - 1) * p
            let f = Int(h.rounded(.down))
            guard f + 1 < n else { return value(atRank: n - 1) }
            let a = value(atRank: f), b = value(atRank: f + 1)
            return a + (h - Double(f)) * (b - a)
        }
        p10 = percentile(0.1)
        median = percentile(0.5)
        p90 = percentile(0.9)
    }

    /// The p-th quantile (0...1) of ascending, non-empty `sorted`, by linear interpolation (type 7).
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let f = Int(h.rounded(.down))
        guard f + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[f] + (h - Double(f)) * (sorted[f + 1] - sorted[f])
    }
}
