import Experiments

/// The lines `quantlab analyze` prints under its table for search formats: per format and tensor,
/// what was chosen and the objective reached (the report's search table, as plain text).
public enum SearchSummary {
    public static func text(_ results: SweepResults) -> String {
        let searched = SearchTables.searched(results.cells)
        guard !searched.isEmpty else { return "" }
        var lines = ["", "searches:"]
        for (cell, tensor, report) in searched {
            let name = cell.tensors.count > 1 ? " [\(tensor.name)]" : ""
            lines.append("\(cell.format)\(name): \(SearchTables.objective(report)) MSE \(NumberText.general(report.mse, 4)) "
                + "(start \(NumberText.general(report.startMSE, 4)), \(report.rounds) round\(report.rounds == 1 ? "" : "s"))")
            for o in report.operands {
                lines.append("  \(o.operand) (\(o.groups) group\(o.groups == 1 ? "" : "s")): \(SearchTables.choice(o).replacingOccurrences(of: "`", with: ""))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
