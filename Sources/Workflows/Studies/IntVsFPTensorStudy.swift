import Experiments
import Foundation
import Formats
import Metrics
import Reports
import Tensors
import Transforms

/// `study: int-vs-fp-tensors`: "INT v.s. FP" on real tensors, as its Table 2 and Fig. 4 measure them
/// (PAPERS.md section 9), on the `minilm-files` tensors: for every linear layer, its weight W (out x in)
/// and its sampled input X (tokens x in), so blocks run along the GEMM's reduction axis (the last axis
/// of both); each layer's W and X count as one tensor each, as the paper counts GEMM operands (the
/// query, key and value maps read the same X). Without and with a 32-wide random Hadamard rotation
/// (signs seeded by `seed`) of every row; QSNR is measured in the rotated domain (the rotation is
/// orthonormal, so the error energy is the same as after rotating back, up to float rounding).
/// 1. Block crest factors max|x| / RMS per block of `block_sizes` (-1: the whole row, per channel):
///    the 25th, 50th, 75th and 95th percentiles over all blocks of all tensors (type 7), and the 75th
///    over W and over X alone.
/// 2. Per INT/FP pair (`IntVsFPPairs`, MX pairs under the paper's rceil rule and the OCP floor rule):
///    per-tensor QSNR = 10 log10(sum x^2 / sum (x - q)^2); the share of tensors where INT's QSNR is
///    higher (the win rate), over all tensors and over W and X alone, and the mean per-tensor QSNR.
struct IntVsFPTensorStudy {
    let spec: StudySpec

    struct Operand {
        var kind: String  // "W" or "X"
        var tensor: Tensor
    }

    func run() throws -> StudyOutput {
        let sizes = spec.numbers("block_sizes")
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 == -1 || ($0 >= 1 && $0 <= 0x1p20 && $0 == $0.rounded()) }) else {
            throw StudyError("block_sizes: each must be -1 (the whole row) or a whole number from 1 to 2^20 (got \(sizes.map { NumberText.general($0, 6) }.joined(separator: ", ")))")
        }
        let layers = try StudyTensors.linears(weights: spec.text("weights"), activations: spec.text("activations"))
        guard !layers.isEmpty else { throw StudyError("no linear layers in \(spec.text("weights")) with inputs in \(spec.text("activations"))") }
        let plain = layers.flatMap { [Operand(kind: "W", tensor: $0.weight), Operand(kind: "X", tensor: $0.input)] }
        let rotation = try HadamardRotation(blockSize: 32, signSeed: UInt64(spec.count("seed")))
        let rotated = try plain.map { Operand(kind: $0.kind, tensor: try rotation.apply($0.tensor)) }
        let views = [("none", plain), ("hadamard:32:random", rotated)]
        var crestRows: [[String]] = []
        for size in sizes.map({ Int($0) }) {
            for (name, operands) in views {
                crestRows.append(try crestRow(size, name, operands))
            }
        }
        let crestTable = MarkdownTable(header: ["block", "transform", "blocks", "p25", "median", "p75", "p95", "p75 of W", "p75 of X",
                                                "p75, Llama (the summaries say, \(IntVsFPClaims.tag))"], rows: crestRows)
        let pairs = try IntVsFPPairs(rule: "rceil").entries.map { ("rceil", $0) }
            + (try IntVsFPPairs(rule: "floor").entries.filter { $0.model.name.hasPrefix("MX") }.map { ("floor", $0) })
        var winRows: [[String]] = []
        var sentences: [String] = []
        for (name, operands) in views {
            for (rule, entry) in pairs {
                var int: [Double] = [], fp: [Double] = []
                for o in operands {
                    int.append(try qsnr(entry.int, o.tensor))
                    fp.append(try qsnr(entry.fp, o.tensor))
                }
                func wins(_ kind: String?) -> (Int, Int) {
                    let idx = operands.indices.filter { kind == nil || operands[$0].kind == kind }
                    return (idx.filter { int[$0] > fp[$0] }.count, idx.count)
                }
                let all = wins(nil), w = wins("W"), x = wins("X")
                func pct(_ r: (Int, Int)) -> String { NumberText.fixed(100 * Measures.share(r.0, of: r.1), 1) }
                let meanInt = int.reduce(0, +) / Double(int.count), meanFP = fp.reduce(0, +) / Double(fp.count)
                let scale = entry.model.name.hasPrefix("NV") ? "E4M3 + FP32" : (rule == "rceil" ? "UE8M0, rceil (paper)" : "UE8M0, floor (OCP)")
                // The paper's numbers sit beside the paper's rule only (like with like).
                let claim = rule == "rceil" ? IntVsFPClaims.fig4(pair: entry.model.name, rotated: name != "none") : nil
                winRows.append([entry.label, scale, name, "\(all.1)", pct(all), pct(w), pct(x), NumberText.fixed(meanInt, 2), NumberText.fixed(meanFP, 2),
                                NumberText.signed(meanInt - meanFP, 2), claim?.winRate ?? "–",
                                claim.map { NumberText.fixed($0.int, 2) + " / " + NumberText.fixed($0.fp, 2) } ?? "–"])
                if let claim {
                    sentences.append("- \(entry.label), \(name): INT beats FP on \(all.0) of \(all.1) tensors (\(pct(all))%; the summaries: \(claim.winRate)); "
                        + "mean QSNR INT \(NumberText.fixed(meanInt, 2)) dB vs FP \(NumberText.fixed(meanFP, 2)) dB (the summaries: "
                        + "\(NumberText.fixed(claim.int, 2)) / \(NumberText.fixed(claim.fp, 2)); INT ahead on average: "
                        + "ours \(meanInt > meanFP ? "yes" : "no"), theirs \(claim.int > claim.fp ? "yes" : "no")).")
                }
            }
        }
        let winTable = MarkdownTable(header: ["pair", "scale", "transform", "tensors", "INT wins (%)", "on W (%)", "on X (%)",
                                              "mean QSNR INT (dB)", "mean QSNR FP (dB)", "INT - FP (dB)",
                                              "Llama win rate (the summaries say, \(IntVsFPClaims.tag))", "Llama mean INT / FP (dB) (the summaries say)"], rows: winRows)
        let markdown = "\(layers.count) linear layers: \(plain.count) tensors (each layer's W and its sampled X), blocks along the reduction axis.\n\n"
            + "Block crest factors (percentiles over all blocks of all tensors; block -1 is the whole row, per channel):\n\n" + crestTable.text + "\n"
            + "Per-tensor QSNR, INT against FP (win rate: share of tensors where INT's QSNR is higher; means are over tensors):\n\n"
            + winTable.text + "\n" + "Under the paper's scale rule, beside the summaries' Fig. 4 (Llama-3.1-8B):\n\n" + sentences.joined(separator: "\n") + "\n\n"
        return StudyOutput(markdown: markdown)
    }

    func crestRow(_ size: Int, _ transform: String, _ operands: [Operand]) throws -> [String] {
        func crests(_ list: [Operand]) -> [Double] {
            list.flatMap { o in
                o.tensor.values.withUnsafeBufferPointer {
                    Measures.blockCrestFactors($0, rowLength: o.tensor.rowLength, blockSize: size < 0 ? o.tensor.rowLength : size)
                }
            }.filter { !$0.isNaN }.sorted()
        }
        let all = crests(operands), w = crests(operands.filter { $0.kind == "W" }), x = crests(operands.filter { $0.kind == "X" })
        guard !all.isEmpty else { throw StudyError("no nonzero block of \(size)") }
        func p(_ s: [Double], _ q: Double) -> String { s.isEmpty ? "–" : NumberText.fixed(SummaryStatistics.percentile(s, q), 2) }
        return [size < 0 ? "-1 (row)" : "\(size)", transform, "\(all.count)", p(all, 0.25), p(all, 0.5), p(all, 0.75), p(all, 0.95), p(w, 0.75), p(x, 0.75),
                NumberText.fixed(IntVsFPClaims.crestP75(block: size, rotated: transform != "none"), 2)]
    }

    func qsnr(_ format: any TensorFormat, _ t: Tensor) throws -> Double {
        let q = try format.fakeQuantize(t.values, shape: t.shape)
        var signal = 0.0, error = 0.0
        for (a, b) in zip(t.values, q) {
            signal += Double(a) * Double(a)
            error += (Double(a) - Double(b)) * (Double(a) - Double(b))
        }
        return Measures.qsnrDB(signalEnergy: signal, errorEnergy: error)
    }
}
