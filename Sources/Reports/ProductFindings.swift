import Experiments
import Foundation
import Gemm

/// Findings of matrix-product cells (computed from `GemmErrorReport`, never typed), for the base
/// transform and the first rounding of the operands:
/// - growth with K: per gemm entry, format and accumulator run at several K, the product's max and
///   mean relative error at each K, and the max relative error of the accumulation part;
/// - promotion: per cell with promotion, the accumulation part's max relative error without and with it;
/// - error split: per data and format, the quantization part and, per accumulator, the
///   accumulation part (mean relative error), and the accumulation part's share of the error energy
///   of the two parts, `sum e_acc^2 / (sum e_quant^2 + sum e_acc^2)`.
public enum ProductFindings {
    /// A relative error in percent, 3 significant digits.
    static func percent(_ x: Double) -> String { NumberText.general(x * 100, 3) + "%" }

    public static func lines(_ grid: ResultGrid) -> [String] {
        let cells = ReportChart.productCells(grid)
        return growth(cells) + promotion(cells) + split(cells)
    }

    /// Per cell with promotion: the same cell without it (same data, format and accumulator spec
    /// and rounding), and the accumulation part's max relative error of both, at each K.
    static func promotion(_ cells: [CellResult]) -> [String] {
        var order: [String] = [], pairs: [String: [(k: Int, without: Double, with: Double)]] = [:]
        for c in cells {
            guard let g = c.gemm, let n = g.report.promotion else { continue }
            let base = g.accumulator.replacingOccurrences(of: " · promote \(n)", with: "")
            guard let plain = cells.first(where: { $0.data == c.data && $0.format == c.format && $0.gemm?.accumulator == base }) else { continue }
            let key = "Promotion every \(n) with `\(base)` on \(g.entry) with `\(c.format)`"
            if pairs[key] == nil { order.append(key) }
            pairs[key, default: []].append((g.report.k, plain.gemm!.report.accumulation.maxRelativeError, g.report.accumulation.maxRelativeError))
        }
        return order.map { key in
            key + " takes the accumulation part's max relative error from "
                + pairs[key]!.map { "\(percent($0.without)) to \(percent($0.with)) at K = \($0.k)" }.joined(separator: ", ") + "."
        }
    }

    /// The product cells grouped by `key`, groups in order of first appearance.
    static func grouped(_ cells: [CellResult], by key: (CellResult, GemmMeasurement) -> String) -> [(key: String, cells: [(CellResult, GemmMeasurement)])] {
        var groups: [(key: String, cells: [(CellResult, GemmMeasurement)])] = []
        for c in cells {
            guard let g = c.gemm else { continue }
            let k = key(c, g)
            if let i = groups.firstIndex(where: { $0.key == k }) { groups[i].cells.append((c, g)) } else { groups.append((k, [(c, g)])) }
        }
        return groups
    }

    static func growth(_ cells: [CellResult]) -> [String] {
        grouped(cells) { c, g in "`\(g.accumulator)` on \(g.entry) with `\(c.format)`" }.compactMap { key, cells in
            let run = cells.sorted { $0.1.report.k < $1.1.report.k }
            guard run.count > 1 else { return nil }
            func list(_ value: (GemmErrorReport) -> Double) -> String {
                run.map { "\(percent(value($0.1.report))) at K = \($0.1.report.k)" }.joined(separator: ", ")
            }
            return "\(key): the product's max relative error is \(list { $0.total.maxRelativeError }) "
                + "(mean \(list { $0.total.meanRelativeError })); the accumulation part's max is \(list { $0.accumulation.maxRelativeError })."
        }
    }

    static func split(_ cells: [CellResult]) -> [String] {
        grouped(cells) { c, _ in "On \(c.data) with `\(c.format)`" }.compactMap { key, group in
            // The quantization part does not depend on the accumulator: read it where no output was left out.
            guard let first = (group.first { $0.1.report.nonFinite == 0 } ?? group.first)?.1.report else { return nil }
            let parts = group.map { _, g -> String in
                let r = g.report
                if r.nonFinite == r.samples { return "`\(g.accumulator)`: all \(r.samples) outputs non-finite (the accumulator overflowed)" }
                let left = r.nonFinite > 0 ? "; \(r.nonFinite) of \(r.samples) outputs non-finite, left out" : ""
                let energy = r.quantization.sumSquaredError + r.accumulation.sumSquaredError
                let share = energy > 0 ? percent(r.accumulation.sumSquaredError / energy) : "–"
                return "`\(g.accumulator)` \(percent(r.accumulation.meanRelativeError)) (\(share) of the error energy\(left))"
            }
            return "\(key), the quantization part's mean relative error is \(percent(first.quantization.meanRelativeError)); "
                + "the accumulation part's is " + parts.joined(separator: ", ") + "."
        }
    }
}
