import Experiments
import Foundation

extension ModelReport {
    /// Findings computed from the model cells: the best and worst cell by mean cosine, the effect of
    /// each Hadamard transform on the mean cosine of the same formats, the sites whose operands lose
    /// most (mean QSNR over the cells that quantize them, original domain), and the layer whose output
    /// QSNR drops most from the previous layer's (mean over the cells).
    func findingLines() -> [String] {
        var lines: [String] = []
        let ranked = cells.compactMap { c in c.model.map { (c, $0) } }.sorted { $0.1.meanCosine > $1.1.meanCosine }
        if let best = ranked.first, let worst = ranked.last, ranked.count > 1 {
            lines.append("Closest to FP32: `\(best.0.format)` (\(best.0.data) · \(best.0.transform)), mean cosine \(NumberText.fixed(best.1.meanCosine, 4)); "
                + "farthest: `\(worst.0.format)` (\(worst.0.data) · \(worst.0.transform)), \(NumberText.fixed(worst.1.meanCosine, 4)).")
        }
        let base = transforms.first { $0 == "none" } ?? transforms.first
        for t in transforms where t != base {
            let pairs = data.flatMap { d in formats.compactMap { f -> Double? in
                guard let b = base, let x = cell(d, b, f)?.model, let y = cell(d, t, f)?.model else { return nil }
                return y.meanCosine - x.meanCosine
            } }
            guard !pairs.isEmpty else { continue }
            let better = pairs.filter { $0 > 0 }.count
            lines.append("`\(t)` against `\(base ?? "")`: mean cosine higher for \(better) of \(pairs.count) format pairs; change from "
                + "\(NumberText.signed(pairs.min()!, 4)) to \(NumberText.signed(pairs.max()!, 4)).")
        }
        lines += exceptionGains()
        for o in Self.operands {
            let worst = siteMeans(o).sorted { $0.1 < $1.1 }.prefix(3)
            guard !worst.isEmpty else { continue }
            lines.append("Sites whose \(o) lose most (mean QSNR over the cells that quantize them): "
                + worst.map { "\($0.0) \(NumberText.fixed($0.1, 1)) dB" }.joined(separator: ", ") + ".")
        }
        if let drop = layerDrops().max(by: { $0.1 < $1.1 }) {
            lines.append("Largest mean drop of output QSNR from one layer to the next: layer \(drop.0), \(NumberText.fixed(drop.1, 1)) dB below layer \(drop.0 - 1).")
        }
        return lines
    }

    /// Cells with per-site exceptions against the cell with the same formats and transform and none:
    /// the mean cosine each exception set recovers, largest first.
    func exceptionGains() -> [String] {
        let gains = cells.compactMap { c -> (String, Double)? in
            guard let m = c.model, !m.exceptions.isEmpty,
                  let base = cells.first(where: { $0.format == c.format && $0.transform == c.transform && $0.model?.exceptions.isEmpty == true })?.model
            else { return nil }
            return ("\(c.data) (`\(m.exceptions.joined(separator: "`, `"))`)", m.meanCosine - base.meanCosine)
        }.sorted { $0.1 > $1.1 }
        guard !gains.isEmpty else { return [] }
        return ["Mean cosine gained over the same formats without exceptions, largest first: "
            + gains.map { "\($0.0) \(NumberText.signed($0.1, 4))" }.joined(separator: "; ") + "."]
    }

    /// Mean original-domain QSNR per site for one operand, over the cells where it is finite (quantized).
    func siteMeans(_ operand: String) -> [(String, Double)] {
        sites.compactMap { s in
            let values = cells.compactMap { c in c.tensors.first { $0.name == "\(s).\(operand)" }?.original.qsnrDB }.filter(\.isFinite)
            return values.isEmpty ? nil : (s, values.reduce(0, +) / Double(values.count))
        }
    }

    /// For layers 1 ..< L: the mean over cells of (QSNR of layer i-1) - (QSNR of layer i), finite values only.
    func layerDrops() -> [(Int, Double)] {
        let count = cells.compactMap { $0.model?.layerQSNR.count }.max() ?? 0
        return (1..<max(count, 1)).compactMap { i in
            let d = cells.compactMap { c -> Double? in
                guard let q = c.model?.layerQSNR, q.count > i, q[i].isFinite, q[i - 1].isFinite else { return nil }
                return q[i - 1] - q[i]
            }
            return d.isEmpty ? nil : (i, d.reduce(0, +) / Double(d.count))
        }
    }
}
