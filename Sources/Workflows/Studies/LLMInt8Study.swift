import Experiments
import Foundation
import Gemm
import Metrics
import Reports
import Tensors

/// `study: llm-int8`: LLM.int8() (arXiv 2208.07339, read in full) on synthetic data and on MiniLM:
/// 1. output error of `Y = X W^T` under tensor-wise, row-wise and vector-wise absmax INT8
///    (`Int8Decomposition`, through `QuantizedGemm`), each without and with the mixed-precision
///    decomposition at `threshold`: output QSNR against the exact product, |O| and the 16-bit share;
///    synthetic X (`activations` spec, outlier channels) x W (`weights` spec), then every MiniLM linear
///    layer (its weight x its captured input), pooled over layers (summed energies);
/// 2. outlier features with the paper's criteria (Sec. 4.1): over the inputs of the attention
///    projections (the query/key/value input and the attention-output input) and of FFN-in of each
///    layer, a feature dimension h is an outlier feature when some |x_th| >= threshold, in at least
///    `layer_share` of the layers (h reaches the threshold somewhere in that layer's analysed inputs)
///    and at least `position_share` of the token rows (h reaches it at that row in some analysed input).
struct LLMInt8Study {
    let spec: StudySpec

    struct Energy { var signal = 0.0, error = 0.0
        var qsnr: Double { Measures.qsnrDB(signalEnergy: signal, errorEnergy: error) }
        mutating func add(_ y: [Float], _ exact: [Float]) {
            for (a, b) in zip(y, exact) { signal += Double(b) * Double(b); error += (Double(a) - Double(b)) * (Double(a) - Double(b)) }
        }
    }

    /// One matmul under every scheme, without and with the decomposition.
    struct Row { var name: String; var plain: [Energy]; var mixed: [Energy]; var dims = 0; var share = 0.0; var k = 0 }

    var threshold: Float { Float(spec.numbers("threshold").first ?? 6) }

    func run() throws -> StudyOutput {
        let x = try SyntheticTensor(parsing: spec.text("activations")), w = try SyntheticTensor(parsing: spec.text("weights"))
        guard x.shape.count == 2, w.shape.count == 2, x.shape[1] == w.shape[1] else { throw StudyError("activations and weights must be matrices with the same columns (K)") }
        let synthetic = try measure("synthetic", x.generate(), w.generate())
        let layers = try StudyTensors.linears(weights: spec.text("minilm_weights"), activations: spec.text("minilm_activations"))
        guard !layers.isEmpty else { throw StudyError("no linear layers in \(spec.text("minilm_weights"))") }
        let rows = try layers.map { try measure($0.name, $0.input, $0.weight) }
        var pooled = Row(name: "MiniLM, all \(rows.count) linears", plain: Array(repeating: Energy(), count: 3), mixed: Array(repeating: Energy(), count: 3))
        for r in rows {
            for s in 0 ..< 3 {
                pooled.plain[s].signal += r.plain[s].signal; pooled.plain[s].error += r.plain[s].error
                pooled.mixed[s].signal += r.mixed[s].signal; pooled.mixed[s].error += r.mixed[s].error
            }
        }
        let features = try outlierFeatures()
        var md = claims(synthetic, pooled, rows, features)
        let schemes = Int8Decomposition.Scheme.allCases.map(\.rawValue)
        md += "Output QSNR (dB) of `Y = X W^T` against the exact product; \"+ decomposition\": columns with some |x| >= \(NumberText.general(Double(threshold), 3)) in 16-bit. "
            + "Synthetic: `\(x)` x `\(w)`^T.\n\n"
        let header = ["matmul", "K"] + schemes + schemes.map { $0 + " + decomposition" } + ["|O|", "16-bit share"]
        func cells(_ r: Row) -> [String] {
            [r.name, r.k == 0 ? "–" : "\(r.k)"] + r.plain.map { NumberText.fixed($0.qsnr, 2) } + r.mixed.map { NumberText.fixed($0.qsnr, 2) }
                + [r.k == 0 ? "–" : "\(r.dims)", r.k == 0 ? "–" : NumberText.fixed(100 * r.share, 2) + "%"]
        }
        md += MarkdownTable(header: header, rows: ([synthetic, pooled] + rows).map(cells)).text + "\n"
        md += features.markdown
        md += "![output QSNR per scheme](output-qsnr.svg)\n\n"
        let chart = BarChart(title: "LLM.int8() schemes: output QSNR", yLabel: "QSNR (dB)", xLabel: "INT8 scheme", categories: schemes,
                             series: ["synthetic", "synthetic + decomposition", "MiniLM", "MiniLM + decomposition"],
                             values: (0 ..< 3).map { s in [synthetic.plain[s].qsnr, synthetic.mixed[s].qsnr, pooled.plain[s].qsnr, pooled.mixed[s].qsnr] })
        return StudyOutput(markdown: md, charts: [("output-qsnr.svg", chart.svg)])
    }

    func measure(_ name: String, _ x: Tensor, _ w: Tensor) throws -> Row {
        let (t, k, n) = (x.shape[0], x.shape[1], w.shape[0])
        let exact = try Int8Decomposition.exactProduct(x: x.values, tokens: t, w: w.values, outputs: n, depth: k)
        var row = Row(name: name, plain: [], mixed: [], k: k)
        for scheme in Int8Decomposition.Scheme.allCases {
            var plain = Energy(), mixed = Energy()
            plain.add(try Int8Decomposition(scheme: scheme).multiply(x: x.values, tokens: t, w: w.values, outputs: n, depth: k).y, exact)
            let product = try Int8Decomposition(scheme: scheme, threshold: threshold).multiply(x: x.values, tokens: t, w: w.values, outputs: n, depth: k)
            mixed.add(product.y, exact)
            row.plain.append(plain); row.mixed.append(mixed)
            row.dims = product.outlierDimensions.count; row.share = product.sixteenBitShare
        }
        return row
    }
}
