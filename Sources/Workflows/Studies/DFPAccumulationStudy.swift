import Experiments
import Foundation
import Formats
import Reports
import Tensors

/// `study: dfp-accumulation`: dynamic fixed point's integer matmul (arXiv 1802.00930: B-bit
/// mantissas, products accumulated in INT32) on every linear layer of the `minilm-files` tensors.
/// W and X are each `dfp:B` per tensor (`I 2^E`, our working rule), so an output is
/// `2^(E_x + E_w) sum_k I_x I_w`; the sum runs over k in order in Int64, and the study reports the
/// largest |partial sum| against INT32's 2^31 - 1, the outputs whose running sum leaves INT32 at some
/// k, and how many worst-case products (2^(B-1) - 1)^2 INT32 holds.
struct DFPAccumulationStudy {
    let spec: StudySpec

    func run() throws -> StudyOutput {
        let b = spec.count("bits")
        let format = try FormatRegistry.tensorFormat("dfp:\(b)")
        let layers = try StudyTensors.linears(weights: spec.text("weights"), activations: spec.text("activations"))
        guard !layers.isEmpty else { throw StudyError("no linear layers in \(spec.text("weights")) with inputs in \(spec.text("activations"))") }
        let limit = Double(Int32.max)
        var rows: [[String]] = []
        var worstOverall = 0.0
        for (name, w, x) in layers {
            let iw = try Self.mantissas(format, w), ix = try Self.mantissas(format, x)
            let n = w.shape[0], k = w.shape[1], t = x.shape[0]
            var largest: Int64 = 0, overflowing = 0
            for r in 0 ..< t {
                for c in 0 ..< n {
                    var sum: Int64 = 0, peak: Int64 = 0
                    for j in 0 ..< k {
                        sum += ix[r * k + j] * iw[c * k + j]
                        peak = max(peak, abs(sum))
                    }
                    largest = max(largest, peak)
                    if peak > Int64(Int32.max) { overflowing += 1 }
                }
            }
            worstOverall = max(worstOverall, Double(largest))
            rows.append([name, "\(k)", "\(t) x \(n)", NumberText.fixed(Double(largest) / limit, 4),
                         NumberText.fixed(log2(limit / Double(max(largest, 1))), 2), "\(overflowing) of \(t * n)"])
        }
        let q = Double((1 << (b - 1)) - 1)
        let table = MarkdownTable(header: ["layer", "K", "outputs (tokens x channels)", "largest |partial sum| / (2^31 - 1)",
                                           "headroom (bits)", "outputs whose running sum leaves INT32"], rows: rows)
        return StudyOutput(markdown: "DFP\(b) (`dfp:\(b)` per tensor) weights and activations; worst-case product (2^\(b - 1) - 1)^2 = "
            + "\(NumberText.fixed(q * q, 0)), so INT32 holds \(Int(limit / (q * q))) of them in the worst case; the largest partial sum over all "
            + "layers is \(NumberText.fixed(worstOverall / limit, 4)) of INT32's range.\n\n" + table.text + "\n")
    }

    /// The integer mantissas `I = q / 2^E` of `x` in `format` (per tensor: one scale).
    static func mantissas(_ format: any TensorFormat, _ x: Tensor) throws -> [Int64] {
        guard let scaled = format as? ScaledFormat else { throw StudyError("\(format.name) is not a scaled format") }
        var out = [Float](repeating: 0, count: x.count)
        let scales = try x.values.withUnsafeBufferPointer { input in
            try out.withUnsafeMutableBufferPointer { try scaled.quantize(input, shape: x.shape, into: $0, mode: .nearestEven, seed: 0) }
        }
        let s = scales.scales[0]
        return out.map { s == 0 ? 0 : Int64($0 / s) }
    }
}
