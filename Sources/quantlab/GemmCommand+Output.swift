import PlainText
import Formats
import PlainText
import Foundation
import Gemm

extension GemmCommand {
    /// The report as pretty, key-sorted JSON (a part without any error has no `qsnrDB` key).
    static func json(_ report: GemmErrorReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(report)
    }

    /// What `quantlab gemm` prints: the configuration, the three error parts, and the timings.
    static func summary(_ result: GemmJob.Result) -> String {
        guard let r = result.report else { return "" }
        var text = "Y = A B^T: M=\(r.m) N=\(r.n) K=\(r.k); A \(r.aFormat), B \(r.bFormat)"
            + (r.hadamard.map { ", hadamard \($0)" } ?? "") + "\n"
        text += "accumulator \(r.accumulator) \(r.accumulatorRounding), block sum \(r.blockSum)"
            + (r.promotion.map { ", promotion every \($0)" } ?? "") + "\n"
        text += "error of \(r.samples) of \(r.m * r.n) outputs against the exact references"
            + (r.nonFinite > 0 ? " (\(r.nonFinite) non-finite left out)" : "")
            + (r.zeroReference > 0 ? " (\(r.zeroReference) with a zero reference have no relative error)" : "") + ":\n"
        if r.nonFinite == r.samples {
            text += "every sampled output is NaN or infinite (an overflowing accumulator, or NaN/Inf operands): no error to measure\n"
        }
        var rows = [["part", "QSNR dB", "max rel err", "mean rel err", "share > 1%"]]
        for (name, part) in [("total", r.total), ("quantization", r.quantization), ("accumulation", r.accumulation)] {
            rows.append([name, part.qsnrDB.map { String(format: "%.2f", $0) } ?? "inf (no error)",
                         String(format: "%.3g", part.maxRelativeError), String(format: "%.3g", part.meanRelativeError),
                         String(format: "%.2f%%", 100 * part.shareAbove1Percent)])
        }
        text += AlignedColumns.text(rows)
        text += String(format: "seconds: quantize %.3f, emulated GEMM %.3f, exact references %.3f\n",
                       result.quantizeSeconds, result.multiplySeconds, result.referenceSeconds)
        return text
    }
}
