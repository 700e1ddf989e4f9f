import Experiments

/// Every metric of every cell as CSV: one row per cell in index order; numbers in Swift's
/// shortest round-trip form, non-finite ones as `inf`, `-inf` and `nan` (what pandas' `read_csv`
/// and numpy's `genfromtxt` read as floats), an empty field where a metric does not apply; fields
/// quoted when they hold a comma, quote or newline. (JSON files follow `StrictJSON`'s rule instead.) Cells with several tensors give the mean over them (`tensors` says how many).
public enum CSVExport {
    public static func text(_ results: SweepResults) -> String {
        let header = ["index", "data", "source", "transform", "format", "family", "rounding", "tensors"] + MetricColumn.all.map(\.id)
        let rows = results.cells.map { c in
            [String(c.index), c.data, c.source, c.transform, c.format, c.family, c.rounding, String(c.tensors.count)]
                + MetricColumn.all.map { m in m.value(c).map { $0.description } ?? "" }
        }
        return ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
