import Experiments
import Foundation
import IntegerOps
import Reference
import Reports
import Tensors

/// `study: requantization`: HAWQ-V3's integer-only requantization of every linear layer of the
/// `minilm-files` tensors, against exact float requantization. As HAWQ's code quantizes:
/// weights symmetric per output channel, activations symmetric per tensor, both 8-bit
/// (`s = max|v| / 127`, `q = clamp(round(fl32(fl32(1/s) v)), -128, 127)`, round half to even);
/// the accumulator `acc = sum q_x q_w` exactly; the output scale `S_out = fl32(max|X W^T| / 127)`
/// (a static per-tensor calibration on the same tokens). Each output code: the dyadic
/// `clamp(round(acc m / 2^e))` with a b-bit multiplier (`DyadicRequantizer`, including the code's
/// float32 cast of `S_x S_w`), against `clamp(round(acc S_x S_w / S_out))` with the exact rational
/// scale. Reported: the share of codes that differ and by how much, per multiplier width, and for
/// 31 bits with the exact scale instead of the cast one.
struct RequantizationStudy {
    let spec: StudySpec

    struct Tally { var codes = 0, differing = 0, largest: Int64 = 0 }

    func run() throws -> StudyOutput {
        let layers = try StudyTensors.linears(weights: spec.text("weights"), activations: spec.text("activations"))
        guard !layers.isEmpty else { throw StudyError("no linear layers in \(spec.text("weights")) with inputs in \(spec.text("activations"))") }
        let bits = spec.numbers("bits").map { Int($0) }, outBits = spec.count("output_bits")
        var tallies = [Tally](repeating: Tally(), count: bits.count + 1)
        for (_, w, x) in layers {
            let n = w.shape[0], k = w.shape[1], t = x.shape[0]
            let (qx, sx) = Self.quantize(x.values, groups: 1)
            let (qw, sw) = Self.quantize(w.values, groups: n)
            var acc = [Int64](repeating: 0, count: t * n), outMax = 0.0
            for r in 0 ..< t {
                for c in 0 ..< n {
                    var a: Int64 = 0, y = 0.0
                    for j in 0 ..< k {
                        a += Int64(qx[r * k + j]) * Int64(qw[c * k + j])
                        y += Double(x.values[r * k + j]) * Double(w.values[c * k + j])
                    }
                    acc[r * n + c] = a
                    outMax = max(outMax, abs(y))
                }
            }
            let so = Float(outMax / 127)
            let lower = -(Int64(1) << (outBits - 1)), upper = (Int64(1) << (outBits - 1)) - 1
            for c in 0 ..< n {
                let exact = MPFRValue(Double(sx[0]), precision: 256).multiplied(by: MPFRValue(Double(sw[c])), precision: 256)
                    .divided(by: MPFRValue(Double(so)), precision: 256)
                let requantizers = bits.map { DyadicRequantizer(inputScale: sx[0], weightScale: sw[c], outputScale: so, outputBits: outBits, multiplierBits: $0) }
                let approximate = exact.toDouble()
                let uncast = DyadicScale(approximating: Double(sx[0]) * Double(sw[c]) / Double(so), bits: 31)
                for r in 0 ..< t {
                    let a = acc[r * n + c]
                    let want = min(upper, max(lower, Self.roundExactly(a, exact, approximate: approximate)))
                    let got = requantizers.map { Int64($0.requantize(Int32(a))) } + [min(upper, max(lower, uncast.apply(a)))]
                    for (i, g) in got.enumerated() {
                        tallies[i].codes += 1
                        if g != want { tallies[i].differing += 1; tallies[i].largest = max(tallies[i].largest, abs(g - want)) }
                    }
                }
            }
        }
        let labels = bits.map { "\($0) (float32 cast of S_x S_w, as the code)" } + ["31 (exact S_x S_w / S_out)"]
        let rows = zip(labels, tallies).map { label, t in
            [label, "\(t.codes)", "\(t.differing)", NumberText.general(100 * Double(t.differing) / Double(max(1, t.codes)), 4), "\(t.largest)"]
        }
        let table = MarkdownTable(header: ["multiplier bits", "output codes", "codes differing from exact", "differing (%)", "largest difference (codes)"], rows: rows)
        return StudyOutput(markdown: "\(layers.count) linear layers, weights INT8 per channel, activations INT8 per tensor, \(outBits)-bit outputs:\n\n" + table.text + "\n")
    }

    /// `round(a r)` ties to even for the exact `r`: in Double when `a r` is far from a half-integer
    /// (its error is below 1e-12 there), else in MPFR.
    static func roundExactly(_ a: Int64, _ r: MPFRValue, approximate: Double) -> Int64 {
        let v = Double(a) * approximate
        let frac = v - v.rounded(.down)
        if abs(frac - 0.5) > 1e-6 { return Int64(v.rounded(.toNearestOrEven)) }
        return Int64(MPFRValue(int: Int(a), precision: 256).multiplied(by: r, precision: 256).rint(rounding: .nearestEven).toDouble())
    }

    /// Symmetric 8-bit quantization as HAWQ's code does it, `groups` equal runs (rows) with their own scale.
    static func quantize(_ v: [Float], groups: Int) -> ([Int32], [Float]) {
        let size = v.count / groups
        var q = [Int32](repeating: 0, count: v.count), scales = [Float](repeating: 0, count: groups)
        for g in 0 ..< groups {
            let amax = v[(g * size) ..< ((g + 1) * size)].reduce(Float(0)) { max($0, abs($1)) }
            let s = max(amax, 1e-8) / 127
            let inverse = 1 / s
            scales[g] = s
            for i in (g * size) ..< ((g + 1) * size) { q[i] = Int32(min(127, max(-128, (inverse * v[i]).rounded(.toNearestOrEven)))) }
        }
        return (q, scales)
    }
}
