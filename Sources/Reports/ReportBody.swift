import Experiments

/// The part of a report that shows results: findings, tables and chart links. Used whole by
/// sweep reports and once per block by executed notebooks.
public struct ReportBody: Sendable {
    /// Markdown text (headings start at `level`).
    public var markdown: String
    /// Chart files to write beside the markdown: (file name, SVG text).
    public var charts: [(fileName: String, svg: String)]

    /// Renders `results` with the spec's metrics and charts; chart files are named `<chartBase>-<kind>.svg`.
    /// The cells of `model:` entries follow as a `ModelReport`.
    public init(results: SweepResults, spec: SweepSpec, chartBase: String, level: Int = 2) {
        let tensorCells = results.cells.filter { $0.model == nil }, modelCells = results.cells.filter { $0.model != nil }
        if tensorCells.isEmpty {
            self.init(markdown: "", charts: [])
        } else {
            self.init(tensorCells: tensorCells, spec: spec, chartBase: chartBase, level: level)
        }
        if !modelCells.isEmpty {
            let model = ModelReport(cells: modelCells, chartBase: chartBase, level: level)
            markdown += model.markdown
            charts += model.charts
        }
    }

    init(markdown: String, charts: [(fileName: String, svg: String)]) {
        self.markdown = markdown
        self.charts = charts
    }

    init(tensorCells: [CellResult], spec: SweepSpec, chartBase: String, level: Int) {
        let grid = ResultGrid(tensorCells, spec: spec)
        let h = String(repeating: "#", count: level)
        var md = ""
        let findings = Findings.lines(grid)
        if !findings.isEmpty {
            md += "\(h) Findings\n\n" + findings.map { "- \($0)\n" }.joined() + "\n"
        }
        for note in spec.dataNotes { md += "Note: \(note).\n\n" }
        if TensorRow.anySeveral(grid) {
            md += "A data source with several tensors is summarized in findings and charts by the mean of its per-tensor values "
                + "(of dB for QSNR); the tables give each tensor, that mean, and the pooled value (all tensors taken as one: "
                + "error and signal energies summed before the ratio).\n\n"
        }
        md += "\(h) Formats\n\n" + ReportTables.formats(grid).text + "\n"
        for metric in spec.metrics where metric.scope == .format && metric.id != "bits" {
            let note = metric.better.map { $0 == .higher ? "higher is better" : "lower is better" } ?? ""
            md += "\(h) \(metric.header)\n\n"
            md += "One row per data source and transform, one column per format; bold marks the best in the row (\(note)).\n\n"
            md += ReportTables.metric(metric, grid).text + "\n"
        }
        if let searches = SearchTables.table(grid) {
            md += "\(h) Searches\n\nWhat each search chose (one row per searched operand; several groups are summarized), the objective's MSE there, its gain over the starting point, and the number of local minima of each error curve.\n\n"
            md += searches.text + "\n"
            if let ranking = SearchTables.ranking(grid) {
                md += "\(h) Search ranking\n\nThe search formats compared tensor by tensor on their objective (MSE at each one's choice).\n\n" + ranking.text + "\n"
            }
        }
        let inputs = spec.metrics.filter { $0.scope == .input }
        if !inputs.isEmpty {
            md += "\(h) Inputs\n\nStatistics of the tensor each format quantized (after the transform); blocks of \(spec.blockSize) along the last axis.\n\n"
            md += ReportTables.inputs(inputs, grid).text + "\n"
        }
        let rendered = ReportChart.build(spec.charts, grid: grid, blockSize: spec.blockSize)
        if !rendered.isEmpty {
            md += "\(h) Charts\n\n" + rendered.map { "![\($0.title)](\($0.fileName(base: chartBase)))\n\n" }.joined()
        }
        markdown = md
        charts = rendered.map { ($0.fileName(base: chartBase), $0.svg) }
    }
}
