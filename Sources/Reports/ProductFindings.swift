import Experiments
import Gemm

/// Findings of matrix-product cells (computed from `GemmErrorReport`, never typed), for the base
/// transform and the first rounding of the operands:
/// - growth with K: per gemm entry, format and accumulator run at several K, the product's max and
///   mean relative error at each K, and the max relative error of the accumulation part;
/// - error split: per data and format, the quantization part and, per accumulator, the
///   accumulation part (mean relative error), and the accumulation part's share of the error energy
///   of the two parts, `sum e_acc^2 / (sum e_quant^2 + sum e_acc^2)`.
public enum ProductFindings {
    /// A relative error in percent, 3 significant digits.
    static func percent(_ x: Double) -> String { NumberText.general(x * 100, 3) + "%" }

    public static func lines(_ grid: ResultGrid) -> [String] {
        let cells = ReportChart.productCells(grid)
        return growth(cells) + split(cells)
    }

    static func growth(_ cells: [CellResult]) -> [String] {
        var order: [String] = [], runs: [String: [(CellResult, GemmMeasurement)]] = [:]
        for c in cells {
            guard let g = c.gemm else { continue }
            let key = "`\(g.accumulator)` on \(g.entry) with `\(c.format)`"
            if runs[key] == nil { order.append(key) }
            runs[key, default: []].append((c, g))
        }
        return order.compactMap { key in
            let run = runs[key]!.sorted { $0.1.report.k < $1.1.report.k }
            guard run.count > 1 else { return nil }
            func list(_ value: (GemmErrorReport) -> Double) -> String {
                run.map { "\(percent(value($0.1.report))) at K = \($0.1.report.k)" }.joined(separator: ", ")
            }
            return "\(key): the product's max relative error is \(list { $0.total.maxRelativeError }) "
                + "(mean \(list { $0.total.meanRelativeError })); the accumulation part's max is \(list { $0.accumulation.maxRelativeError })."
        }
    }

    static func split(_ cells: [CellResult]) -> [String] {
        var order: [String] = [], groups: [String: [(CellResult, GemmMeasurement)]] = [:]
        for c in cells {
            guard let g = c.gemm else { continue }
            let key = "On \(c.data) with `\(c.format)`"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((c, g))
        }
        return order.compactMap { key in
            let group = groups[key]!
            guard let first = group.first?.1.report else { return nil }
            let parts = group.map { _, g -> String in
                let r = g.report
                let energy = r.quantization.sumSquaredError + r.accumulation.sumSquaredError
                let share = energy > 0 ? percent(r.accumulation.sumSquaredError / energy) : "–"
                return "`\(g.accumulator)` \(percent(r.accumulation.meanRelativeError)) (\(share) of the error energy)"
            }
            return "\(key), the quantization part's mean relative error is \(percent(first.quantization.meanRelativeError)); "
                + "the accumulation part's is " + parts.joined(separator: ", ") + "."
        }
    }
}
