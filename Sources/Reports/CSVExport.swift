import Experiments

/// Every metric of every cell as CSV, one row per tensor: a cell of a single-tensor source is one
/// row; a cell whose source loaded several tensors (a safetensors glob) gives one row per tensor
/// and then two aggregate rows, `aggregate` = `mean` (the mean of the per-tensor values, of dB for
/// QSNR) and `pooled` (all tensors taken as one, `TensorAggregate`), with `tensor` empty and
/// `tensors` the number aggregated (empty metric fields: not poolable). Rows in cell index order;
/// numbers in Swift's shortest round-trip form, non-finite ones as `inf`, `-inf` and `nan` (what
/// pandas' `read_csv` and numpy's `genfromtxt` read as floats); fields quoted when they hold a
/// comma, quote or newline. (JSON files follow `StrictJSON`'s rule instead.)
public enum CSVExport {
    public static func text(_ results: SweepResults) -> String {
        // Matrix-product results add the accumulator and B's source after the coordinates and the
        // product metrics at the end (their values repeat on the operand rows of a cell).
        let products = results.cells.contains { $0.gemm != nil }
        let metrics = MetricColumn.all + (products ? MetricColumn.productColumns : [])
        let header = ["index", "data", "source", "transform", "format", "family", "rounding"]
            + (products ? ["accumulator", "b_source"] : []) + ["tensor", "aggregate", "tensors"] + metrics.map(\.id)
        var rows: [[String]] = []
        for c in results.cells {
            let coordinates = [String(c.index), c.data, c.source, c.transform, c.format, c.family, c.rounding]
                + (products ? [c.gemm?.accumulator ?? "", c.gemm?.b ?? ""] : [])
            for t in c.tensors {
                rows.append(coordinates + [t.name, "", "1"] + metrics.map { field($0.value(c, tensor: t)) })
            }
            guard c.tensors.count > 1 else { continue }
            for aggregate in TensorAggregate.allCases {
                rows.append(coordinates + ["", aggregate.rawValue, String(c.tensors.count)] + metrics.map { field($0.value(c, aggregate)) })
            }
        }
        return ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func field(_ value: Double?) -> String { value.map { $0.description } ?? "" }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
