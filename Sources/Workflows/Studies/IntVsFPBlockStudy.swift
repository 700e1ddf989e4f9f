import Experiments
import Foundation
import Formats
import Metrics
import Reports
import Tensors
import Transforms

/// `study: int-vs-fp-blocks`: the "INT v.s. FP" models beside measured QSNR, per block. For each
/// pair of `IntVsFPPairs` (scale `rule`; with `wide` also MX8 in blocks of 256) every block of the
/// input tensors is quantized by both formats and binned by its own crest factor (`CrestBins`, bins of
/// 1/`bins_per_unit` from 1 to sqrt(g)); a bin's QSNR is -10 log10 of its blocks' mean relative error.
/// Inputs (`data`):
/// - `gaussian`: one `rows` x 1024 tensor of N(0, 1) (seed `seed`): the model's own assumption;
/// - `mixture`: `rows` x 1024 tensors of uniform(-1, 1), N(0, 1), Laplace, Student-t nu = 5, 3, 2
///   (seeds `seed` + i), spanning low to high crest factors (a bin then mixes distributions);
/// - `minilm`: every linear weight (out x in) and its sampled input (tokens x in) from the
///   `minilm-files` tensors: blocks along the reduction axis (the last) of both GEMM operands.
/// `rotation` = k > 0 first applies a k-wide random Hadamard (signs seeded by `seed`) to every row.
/// The measured crossover is the first + to - sign change of QSNR_INT - QSNR_FP over bins holding at
/// least `min_blocks` blocks, interpolated linearly between the bins' mean crest factors.
struct IntVsFPBlockStudy {
    let spec: StudySpec

    func inputs() throws -> (label: String, tensors: [Tensor]) {
        let shape = "\(spec.count("rows"))x1024"
        func synthetic(_ sources: [String]) throws -> (String, [Tensor]) {
            let tensors = try sources.enumerated().map { i, s in try SyntheticTensor(parsing: s, defaultSeed: UInt64(spec.count("seed") + i)).generate() }
            return (sources.map { "`\($0)`" }.joined(separator: ", "), tensors)
        }
        switch spec.text("data") {
        case "gaussian":
            return try synthetic(["normal(shape=\(shape), std=1)"])
        case "mixture":
            return try synthetic(["uniform(shape=\(shape), low=-1, high=1)", "normal(shape=\(shape), std=1)", "laplace(shape=\(shape), scale=1)",
                                  "student_t(shape=\(shape), nu=5)", "student_t(shape=\(shape), nu=3)", "student_t(shape=\(shape), nu=2)"])
        case "minilm":
            let layers = try StudyTensors.linears(weights: spec.text("weights"), activations: spec.text("activations"))
            guard !layers.isEmpty else { throw StudyError("no linear layers in \(spec.text("weights")) with inputs in \(spec.text("activations"))") }
            return ("MiniLM: the \(layers.count) linear weights and their \(layers.count) sampled inputs", layers.flatMap { [$0.weight, $0.input] })
        default:
            throw StudyError("data '\(spec.text("data"))' is not one of: gaussian, minilm, mixture")
        }
    }

    func run() throws -> StudyOutput {
        let pairs = try IntVsFPPairs(rule: spec.text("rule"), wide: spec.count("wide") > 0)
        var (label, tensors) = try inputs()
        let k = spec.count("rotation")
        if k > 0 {
            let rotation = try HadamardRotation(blockSize: k, signSeed: UInt64(spec.count("seed")))
            tensors = try tensors.map { try rotation.apply($0) }
        }
        let rotationText = k > 0 ? "`hadamard:\(k):random`" : "no rotation"
        let minimum = spec.count("min_blocks"), width = 1 / Double(max(1, spec.count("bins_per_unit")))
        var rows: [[String]] = [], sentences: [String] = [], charts: [(String, String)] = [], links: [String] = []
        for entry in pairs.entries {
            let g = entry.blockSize
            var intBins = CrestBins(from: 1, to: Double(g).squareRoot(), width: width), fpBins = intBins
            var crests: [Double] = []
            for t in tensors {
                let n = t.rowLength
                intBins.add(original: t.values, quantized: try entry.int.fakeQuantize(t.values, shape: t.shape), rowLength: n, blockSize: g)
                fpBins.add(original: t.values, quantized: try entry.fp.fakeQuantize(t.values, shape: t.shape), rowLength: n, blockSize: g)
                crests += t.values.withUnsafeBufferPointer { Measures.blockCrestFactors($0, rowLength: n, blockSize: g, concurrency: 1) }
            }
            let comparison = BinComparison(model: entry.model, int: intBins, fp: fpBins, minimum: minimum)
            let predicted = entry.model.crossovers(from: 1, to: 12).first
            let exactQmax = entry.model.withIntegerNoise(.symmetric).crossovers(from: 1, to: 12).first
            let blocks = crests.filter { !$0.isNaN }
            let below = predicted.map { p in blocks.filter { $0 < p }.count }
            rows.append([entry.label, "`\(entry.int.name)` / `\(entry.fp.name)`", "\(blocks.count)", NumberText.fixed(predicted, 2), NumberText.fixed(exactQmax, 2),
                         below.map { NumberText.fixed(100 * Measures.share($0, of: blocks.count), 1) } ?? "–",
                         comparison.measuredText, NumberText.fixed(comparison.rmsGap(int: true), 2), NumberText.fixed(comparison.rmsGap(int: false), 2)])
            sentences.append("- \(entry.label): " + comparison.sentence(predicted: predicted, exactQmax: exactQmax, blockSize: g))
            let file = "blocks-\(entry.label.lowercased().replacingOccurrences(of: " ", with: "-").filter { $0.isLetter || $0.isNumber || $0 == "-" }).svg"
            let title = "\(entry.label): binned QSNR vs block crest factor (\(spec.text("data")), \(k > 0 ? "hadamard:\(k)" : "none"), \(pairs.rule))"
            charts.append((file, comparison.chart(title: title)))
            links.append("![\(title)](\(file))")
        }
        let table = MarkdownTable(header: ["pair", "formats (INT / FP)", "blocks", "model kappa*", "kappa*, INT Qmax 2^(b-1) - 1", "blocks below kappa* (%)",
                                           "measured crossover", "RMS INT - model (dB)", "RMS FP - model (dB)"], rows: rows)
        let markdown = "Inputs: \(label); \(rotationText); MX scale: \(pairs.ruleText). Bins of width \(NumberText.fixed(width, 3)) in kappa "
            + "(the block's max|x| / RMS); points are bins with at least \(minimum) blocks; RMS columns: the root mean square over those bins of "
            + "measured minus model QSNR.\n\n" + table.text + "\n" + sentences.joined(separator: "\n") + "\n\n"
            + links.joined(separator: "\n\n") + "\n\n"
        return StudyOutput(markdown: markdown, charts: charts)
    }
}
