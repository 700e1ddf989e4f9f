import Experiments
import Foundation
import Formats

/// The report table of searches (`search(...)` formats): per cell, tensor and searched operand, what
/// was chosen, the objective reached, its gain over the starting point, and the shape of each error
/// curve (its number of local minima).
public enum SearchTables {
    /// Every (cell, tensor) that ran a search, in cell order.
    static func searched(_ cells: [CellResult]) -> [(cell: CellResult, tensor: TensorMeasurement, report: SearchReport)] {
        cells.sorted { $0.index < $1.index }.flatMap { c in c.tensors.compactMap { t in t.search.map { (c, t, $0) } } }
    }

    public static func table(_ grid: ResultGrid) -> MarkdownTable? {
        let searched = searched(grid.cells)
        guard !searched.isEmpty else { return nil }
        let multiple = searched.contains { $0.cell.tensors.count > 1 }
        var rows: [[String]] = []
        for (cell, tensor, report) in searched {
            for o in report.operands {
                var row = ["\(cell.data) · \(cell.transform)", "`\(cell.format)`"]
                if multiple { row.append(tensor.name) }
                row += [o.operand, "\(o.groups)", choice(o), objective(report), NumberText.general(report.mse, 4),
                        NumberText.fixed(gain(report), 2), "\(report.rounds)", o.curves.map { "\($0.localMinima)" }.joined(separator: ", ")]
                rows.append(row)
            }
        }
        let header = ["data · transform", "format"] + (multiple ? ["tensor"] : [])
            + ["operand", "groups", "chosen", "objective", "MSE at the choice", "gain over the start (dB)", "rounds", "local minima per curve"]
        return MarkdownTable(header: header, rows: rows)
    }

    /// When several search formats ran on the same tensors: per (data, transform), how many tensors
    /// each format has the smallest objective on, and the geometric mean over the tensors of its
    /// objective relative to the smallest (1.000 = always the best); nil otherwise.
    public static func ranking(_ grid: ResultGrid) -> MarkdownTable? {
        var rows: [[String]] = []
        for d in grid.data {
            for t in grid.transforms {
                let cells = grid.formats.compactMap { f in grid.cell(data: d, transform: t, format: f, rounding: grid.roundings[0]) }
                    .filter { $0.tensors.allSatisfy { $0.search != nil } && !$0.tensors.isEmpty }
                guard cells.count > 1, Set(cells.map { $0.tensors.map(\.name) }).count == 1 else { continue }
                let tensors = cells[0].tensors.count
                var wins = [Int](repeating: 0, count: cells.count), logRatio = [Double](repeating: 0, count: cells.count)
                for i in 0 ..< tensors {
                    let mse = cells.map { $0.tensors[i].search!.mse }
                    guard let best = mse.min(), best > 0 else { continue }
                    wins[mse.firstIndex(of: best)!] += 1
                    for (k, m) in mse.enumerated() { logRatio[k] += log(m / best) }
                }
                for (k, c) in cells.enumerated() {
                    rows.append(["\(d) · \(t)", "`\(c.format)`", "\(wins[k]) of \(tensors)", NumberText.fixed(exp(logRatio[k] / Double(tensors)), 3)])
                }
            }
        }
        guard !rows.isEmpty else { return nil }
        return MarkdownTable(header: ["data · transform", "format", "tensors where it is best", "objective / the best's (geometric mean)"], rows: rows)
    }

    /// The chosen quantizer (one group), or per parameter the median and range of numeric choices
    /// and the count of each other choice.
    public static func choice(_ o: SearchOperandReport) -> String {
        if let spec = o.chosenSpec { return "`\(spec)`" }
        return o.parameters.indices.map { p in
            let counts = o.counts(p)
            if let numbers = Optional(o.values[p].compactMap(Double.init)), numbers.count == o.values[p].count {
                let sorted = o.chosen[p].map { numbers[$0] }.sorted()
                let median = sorted[(sorted.count - 1) / 2]
                return "\(o.parameters[p]) median \(SpecArguments.number(median)) (\(SpecArguments.number(sorted[0]))–\(SpecArguments.number(sorted[sorted.count - 1])))"
            }
            return "\(o.parameters[p]) " + zip(o.values[p], counts).map { "\($0) ×\($1)" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    static func objective(_ r: SearchReport) -> String { r.objective == "output" ? "layer output" : "tensor" }

    /// 10 log10(start / chosen) in dB (0 when both are 0).
    public static func gain(_ r: SearchReport) -> Double {
        if r.mse == r.startMSE { return 0 }
        return 10 * log10(r.startMSE / r.mse)
    }
}
