import Experiments
import Foundation
import Metrics
import Reports

/// `study: int-vs-fp-model`: the QSNR models of "INT v.s. FP" (`QSNRModel.paperPairs`, the
/// authors' code) evaluated: each pair's crossover kappa* (where INT stops beating FP) and the QSNR
/// there, the same with the INT line's printed constants replaced by exact ones (10 log10 12,
/// 20 log10 2) and with the true symmetric Qmax = 2^(b-1) - 1; the model's QSNR at each `kappa`;
/// and a chart of the curves (INT solid, FP dashed; kappa up to 8, NV up to sqrt(16) = 4).
struct IntVsFPModelStudy {
    let spec: StudySpec

    func run() throws -> StudyOutput {
        let pairs = QSNRModel.paperPairs
        func root(_ p: QSNRModel.Pair) -> Double? { p.crossovers(from: 1, to: 12).first }
        var rows: [[String]] = []
        var notes: [String] = []
        for p in pairs {
            let k = root(p), limit = Double(p.blockSize).squareRoot()
            rows.append([p.name, "\(p.blockSize)", NumberText.fixed(k, 3), NumberText.fixed(k.map { p.qsnrDB(at: $0) }, 2),
                         NumberText.fixed(root(p.withIntegerNoise(.halfRange)), 3), NumberText.fixed(root(p.withIntegerNoise(.symmetric)), 3),
                         NumberText.fixed(limit, 2)])
            if let k, k > limit {
                notes.append("- \(p.name): the model's crossover \(NumberText.fixed(k, 2)) lies above sqrt(\(p.blockSize)) = \(NumberText.fixed(limit, 2)), "
                    + "the largest crest factor a block of \(p.blockSize) can have: the model puts INT ahead for every such block.")
            }
        }
        let crossings = MarkdownTable(header: ["pair", "block g", "kappa* (authors' code)", "QSNR at kappa* (dB)", "kappa*, exact dB constants",
                                               "kappa*, Qmax = 2^(b-1) - 1", "largest block kappa, sqrt(g)"], rows: rows)
        let grid = spec.numbers("kappa")
        guard grid.allSatisfy({ $0 >= 1 && $0 <= 1e6 }) else {
            throw StudyError("kappa: a crest factor max|x| / RMS is at least 1 (got \(grid.map { NumberText.general($0, 6) }.joined(separator: ", ")))")
        }
        let values = MarkdownTable(header: ["kappa"] + pairs.map { "\($0.name) INT / FP (dB)" }, rows: grid.map { k in
            [NumberText.fixed(k, 2)] + pairs.map { p in
                NumberText.fixed(p.integer.qsnrDB(crest: k), 2) + " / " + NumberText.fixed(p.float.qsnrDB(crest: k), 2)
                    + (k > Double(p.blockSize).squareRoot() ? " †" : "")
            }
        })
        var series: [(name: String, points: [LineChart.Point])] = []
        var styles: [LineChart.Style] = [], colors: [Int] = []
        for (i, p) in pairs.enumerated() {
            let top = p.blockSize == 16 ? 4.0 : 8.0
            let xs = stride(from: 1.0, through: top + 1e-9, by: 0.05).map { $0 }
            series.append(("\(p.name) INT", xs.map { LineChart.Point(x: $0, y: p.integer.qsnrDB(crest: $0)) }))
            series.append(("\(p.name) FP", xs.map { LineChart.Point(x: $0, y: p.float.qsnrDB(crest: $0)) }))
            styles += [.line, .dashedLine]
            colors += [i, i]
        }
        let title = "QSNR models of INT v.s. FP (authors' code): INT solid, FP dashed"
        let chart = LineChart(title: title, yLabel: "model QSNR (dB)", xLabel: "block crest factor kappa = max|x| / sigma (ratio)",
                              series: series, styles: styles, colors: colors)
        let file = "model-curves.svg"
        let markdown = "Crossovers of the models (`QSNRModel.paperPairs`: MX with rho = 1.5, NV with rho = 1.05 and the g = 16 block-max correction; "
            + "each root bracketed on a 1/64 grid of kappa in [1, 12] and bisected to 1e-12):\n\n" + crossings.text + "\n"
            + (notes.isEmpty ? "" : notes.joined(separator: "\n") + "\n\n")
            + "The models' QSNR at chosen crest factors (INT / FP; † marks kappa > sqrt(g), which no block of the pair's g reaches):\n\n"
            + values.text + "\n"
            + "![\(title)](\(file))\n\n"
        return StudyOutput(markdown: markdown, charts: [(file, chart.svg)])
    }
}
