import Experiments
import Foundation

/// The part of a report for `model:` cells (`CellResult.model`): model-level fidelity against FP32,
/// findings computed from it (best and worst cell, the Hadamard transforms' effect, the sites and
/// layers that lose most), per-site operand tables (QSNR and kernel share of the weights and the
/// activations at every layer and site, crest factors), and charts (`ModelReport+Charts`).
public struct ModelReport: Sendable {
    public var markdown: String
    public var charts: [(fileName: String, svg: String)]

    /// The per-site operands in report order: `layer.{i}.{site}.weights|activations` as the cells hold them.
    let cells: [CellResult]
    var transforms: [String] { ordered(cells.map(\.transform)) }
    var data: [String] { ordered(cells.map(\.data)) }
    var formats: [String] { ordered(cells.map(\.format)) }
    var sites: [String] { ordered((cells.first?.tensors ?? []).map { Self.site($0.name) }) }
    static let operands = ["weights", "activations"]

    public init(cells: [CellResult], chartBase: String, level: Int) {
        self.cells = cells.sorted { $0.index < $1.index }
        markdown = ""
        charts = []
        let h = String(repeating: "#", count: level)
        var md = "\(h) Model fidelity\n\n"
        md += "Quantized inference against the FP32 model on the same sentences: cosine of each sentence embedding with its FP32 one "
            + "(mean and worst), Spearman's ρ between the two pairwise-similarity matrices, the share of each sentence's top-5 "
            + "nearest neighbours kept, and the QSNR of every layer's output hidden state over all tokens.\n\n"
        let findings = findingLines()
        if !findings.isEmpty { md += "\(h) Model findings\n\n" + findings.map { "- \($0)\n" }.joined() + "\n" }
        md += fidelityTable().text + "\n"
        for t in transforms {
            md += "\(h) Per-site QSNR: \(t)\n\n"
            md += "QSNR (dB) of each operand against what the model holds there (weights: the checkpoint; activations: the input "
                + "that reaches the site in the quantized model), after rotating back; `inf`: not quantized. One column per cell.\n\n"
            md += siteTable(t, digits: 1) { $0.original.qsnrDB }.text + "\n"
            md += "\(h) Per-site kernel share: \(t)\n\n"
            md += "Share (%) of the nonzero elements of each operand (in the format's domain) that quantize to 0. One column per cell.\n\n"
            md += siteTable(t, digits: 2) { $0.formatInput.kernelShare * 100 }.text + "\n"
        }
        md += "\(h) Per-site crest factors\n\n"
        md += "Crest factor max|x| / RMS of each operand as the format sees it (after the transform), whole tensor and median over "
            + "blocks along the reduction axis, from the first cell of each transform (a weight's crest factor does not depend on the format; the activations "
            + "after layer 0 carry that cell's upstream quantization).\n\n" + crestTable().text + "\n"
        let drawn = chartList()
        md += "\(h) Model charts\n\n" + drawn.map { "![\($0.title)](\(chartBase)-\($0.name).svg)\n\n" }.joined()
        markdown = md
        charts = drawn.map { ("\(chartBase)-\($0.name).svg", $0.svg) }
    }

    /// `layer.0.qkv` of `layer.0.qkv.weights`.
    static func site(_ tensor: String) -> String { (tensor as NSString).deletingPathExtension }

    /// The first cell of each transform (crest factors are read from it).
    var firstCells: [CellResult] { transforms.compactMap { t in cells.first { $0.transform == t } } }

    func ordered(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }

    func cell(_ d: String, _ t: String, _ f: String) -> CellResult? { cells.first { $0.data == d && $0.transform == t && $0.format == f } }

    func fidelityTable() -> MarkdownTable {
        let layers = cells.first?.model?.layerQSNR.count ?? 0
        let rows = cells.compactMap { c -> [String]? in
            guard let m = c.model else { return nil }
            return ["\(c.data) · \(c.transform)", "`\(m.weights)`", "`\(m.activations)`",
                    "\(NumberText.fixed(m.weightBits, 2)) / \(NumberText.fixed(m.activationBits, 2))",
                    NumberText.fixed(m.meanCosine, 4), NumberText.fixed(m.worstCosine, 4), NumberText.fixed(m.spearman, 4),
                    NumberText.fixed(m.topKAgreement, 3)] + m.layerQSNR.map { NumberText.fixed($0, 1) }
        }
        return MarkdownTable(header: ["data · transform", "weights", "activations", "bits W / A", "mean cos", "worst cos", "Spearman", "top-5"]
                             + (0..<layers).map { "layer \($0) QSNR (dB)" }, rows: rows)
    }

    /// Rows: every site and operand; columns: the cells under transform `t`.
    func siteTable(_ t: String, digits: Int, _ value: (TensorMeasurement) -> Double) -> MarkdownTable {
        let columns = cells.filter { $0.transform == t }
        let rows = sites.flatMap { s in
            Self.operands.map { o in
                ["\(s) · \(o)"] + columns.map { c in NumberText.fixed(c.tensors.first { $0.name == "\(s).\(o)" }.map(value), digits) }
            }
        }
        return MarkdownTable(header: ["site · operand"] + columns.map { data.count > 1 ? "\($0.data): `\($0.format)`" : "`\($0.format)`" }, rows: rows)
    }

    func crestTable() -> MarkdownTable {
        let firsts = firstCells
        let rows = sites.map { s in
            [s] + firsts.flatMap { c in
                Self.operands.flatMap { o -> [String] in
                    let m = c.tensors.first { $0.name == "\(s).\(o)" }?.formatInput
                    return [NumberText.fixed(m?.original.crestFactor, 1), NumberText.fixed(m?.blockCrestFactor?.median, 2)]
                }
            }
        }
        let header = firsts.flatMap { c in
            Self.operands.flatMap { o in ["\(o == "weights" ? "W" : "A") crest · \(c.transform)", "\(o == "weights" ? "W" : "A") block crest · \(c.transform)"] }
        }
        return MarkdownTable(header: ["site"] + header, rows: rows)
    }
}
