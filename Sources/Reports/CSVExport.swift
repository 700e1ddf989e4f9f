import Experiments

/// Every metric of every cell as CSV, one row per tensor: a cell of a single-tensor source is one
/// row; a cell whose source loaded several tensors (a safetensors glob) gives one row per tensor
/// and then two aggregate rows, `aggregate` = `mean` (the mean of the per-tensor values, of dB for
/// QSNR) and `pooled` (all tensors taken as one, `TensorAggregate`), with `tensor` empty and
/// `tensors` the number aggregated (empty metric fields: not poolable). Rows in cell index order;
/// numbers in Swift's shortest round-trip form, non-finite ones as `inf`, `-inf` and `nan` (what
/// pandas' `read_csv` and numpy's `genfromtxt` read as floats); fields quoted when they hold a
/// comma, quote or newline. (JSON files follow `StrictJSON`'s rule instead.) Results with `model:`
/// cells add that cell's model-level metrics at the end (`ModelMetrics`: sentences, mean and worst
/// cosine, Spearman's ρ, k and the top-k agreement, and each layer's output QSNR as
/// `model_layer_{i}_qsnr_db`), repeated on every per-site row of the cell, empty on other cells.
public enum CSVExport {
    public static func text(_ results: SweepResults) -> String {
        // Matrix-product results add the accumulator and B's source after the coordinates and the
        // product metrics at the end (their values repeat on the operand rows of a cell).
        let products = results.cells.contains { $0.gemm != nil }
        let metrics = MetricColumn.all + (products ? MetricColumn.productColumns : [])
        let layers = results.cells.compactMap { $0.model?.layerQSNR.count }.max()
        let header = ["index", "data", "source", "transform", "format", "family", "rounding"]
            + (products ? ["accumulator", "b_source"] : []) + ["tensor", "aggregate", "tensors"] + metrics.map(\.id)
            + (layers.map(modelHeader) ?? [])
        var rows: [[String]] = []
        for c in results.cells {
            let coordinates = [String(c.index), c.data, c.source, c.transform, c.format, c.family, c.rounding]
                + (products ? [c.gemm?.accumulator ?? "", c.gemm?.b ?? ""] : [])
            let model = layers.map { modelFields(c.model, layers: $0) } ?? []
            for t in c.tensors {
                rows.append(coordinates + [t.name, "", "1"] + metrics.map { field($0.value(c, tensor: t)) } + model)
            }
            guard c.tensors.count > 1 else { continue }
            for aggregate in TensorAggregate.allCases {
                rows.append(coordinates + ["", aggregate.rawValue, String(c.tensors.count)] + metrics.map { field($0.value(c, aggregate)) } + model)
            }
        }
        return ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func modelHeader(layers: Int) -> [String] {
        ["model_sentences", "model_mean_cosine", "model_worst_cosine", "model_spearman", "model_top_k", "model_top_k_agreement"]
            + (0..<layers).map { "model_layer_\($0)_qsnr_db" }
    }

    static func modelFields(_ m: ModelMetrics?, layers: Int) -> [String] {
        guard let m else { return Array(repeating: "", count: 6 + layers) }
        return [String(m.sentences), field(m.meanCosine), field(m.worstCosine), field(m.spearman), String(m.topK), field(m.topKAgreement)]
            + (0..<layers).map { m.layerQSNR.indices.contains($0) ? field(m.layerQSNR[$0]) : "" }
    }

    static func field(_ value: Double?) -> String { value.map { $0.description } ?? "" }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
