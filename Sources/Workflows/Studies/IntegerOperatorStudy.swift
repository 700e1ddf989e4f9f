import Experiments
import Foundation
import IntegerOps
import Reference
import Reports
import Tensors

/// `study: integer-operators`: I-ViT's integer operators (`ShiftExp`, `Shiftmax`, `ShiftGELU`,
/// `IntegerLayerNorm`) against the exact functions (MPFR, `ExactActivations`) of their integer
/// inputs times the scale, with each error divided by the bound its doc states:
/// 1. synthetic: for each input scale s in `scales`, shift-exp over every integer x with
///    x s in [-n ln 2 / 1.4375, 0], and `rows` rows of `width` integers uniform in [-127, 127] (seeded)
///    for Shiftmax, ShiftGELU and I-LayerNorm (gamma 1, beta 0);
/// 2. MiniLM (the `minilm-files` activations): every layer's attention scores (the first 8 `rows`
///    rows), GELU inputs and both LayerNorm inputs (the first `rows` token rows), quantized to 8 bits
///    per tensor (`s = max|v| / 127`, round half to even) as I-ViT's activations are; the last column
///    also compares with the function of the unquantized inputs (the 8-bit input rounding included).
/// I-LayerNorm's bound holds in its Newton domain; rows outside it are counted.
struct IntegerOperatorStudy {
    let spec: StudySpec

    struct Tally {
        var values = 0, rows = 0, outside = 0
        var maxError = 0.0, sumError = 0.0, worstRatio: Double?, maxFloatError = 0.0
        mutating func add(_ error: Double, bound: Double?, float: Double? = nil) {
            values += 1; maxError = max(maxError, error); sumError += error
            if let bound { worstRatio = max(worstRatio ?? 0, error / bound) }
            if let float { maxFloatError = max(maxFloatError, float) }
        }
        func row(_ label: [String], float: Bool) -> [String] {
            label + ["\(values)", NumberText.general(maxError, 4), NumberText.general(sumError / Double(max(1, values)), 4),
                     NumberText.fixed(worstRatio, 3), rows == 0 ? "–" : "\(outside) of \(rows)"] + (float ? [NumberText.general(maxFloatError, 4)] : [])
        }
    }

    func run() throws -> StudyOutput {
        var rng = RandomStream(seed: UInt64(spec.count("seed")))
        let (rowCount, width) = (spec.count("rows"), spec.count("width"))
        var synthetic: [[String]] = []
        for s in spec.numbers("scales").map(Float.init) {
            let rows = (0 ..< rowCount).map { _ in (0 ..< width).map { _ in Int32(rng.nextBelow(255) - 127) } }
            synthetic.append(shiftExp(s).row(["shift-exp (n = 15)", NumberText.fixed(Double(s), 4)], float: false))
            synthetic.append(shiftmax(rows, s).row(["Shiftmax (n = 15, 8-bit)", NumberText.fixed(Double(s), 4)], float: false))
            synthetic.append(gelu(rows, s).row(["ShiftGELU (n = 23, 8-bit)", NumberText.fixed(Double(s), 4)], float: false))
            synthetic.append(layerNorm(rows, gamma: [Float](repeating: 1, count: width), beta: [Float](repeating: 0, count: width))
                .row(["I-LayerNorm", NumberText.fixed(Double(s), 4)], float: false))
        }
        let header = ["operator", "input scale s", "outputs", "max abs error", "mean abs error", "max error / doc bound (in the domain)", "rows outside the domain"]
        var md = "Synthetic inputs (\(rowCount) rows of \(width) integers uniform in [-127, 127]; shift-exp over its whole input range):\n\n"
        md += MarkdownTable(header: header, rows: synthetic).text + "\n"
        md += try miniLM()
        return StudyOutput(markdown: md)
    }

    func shiftExp(_ s: Float) -> Tally {
        let e = ShiftExp(inputScale: s, n: 15)
        var t = Tally()
        var x: Int64 = 0
        while Double(x) * Double(s) >= -15 * log(2) / 1.4375 {
            let err = abs(Double(e(x)) * e.outputScale - ExactActivations.exp(Double(x) * Double(s)))
            t.add(err, bound: e.errorBound(x))
            x -= 1
        }
        return t
    }

    func shiftmax(_ rows: [[Int32]], _ s: Float, float: [[Float]]? = nil) -> Tally {
        let op = Shiftmax(inputScale: s)
        var t = Tally()
        for (i, row) in rows.enumerated() {
            t.rows += 1
            let out = op(row), exact = ExactActivations.softmax(row.map { Double($0) * Double(s) })
            let reference = float.map { ExactActivations.softmax($0[i].map(Double.init)) }
            for j in row.indices {
                let v = Double(out[j]) * op.outputScale
                t.add(abs(v - exact[j]), bound: op.errorBound(p: exact[j], count: row.count, spread: Int64(row.max()!) - Int64(row.min()!)),
                      float: reference.map { abs(v - $0[j]) })
            }
        }
        return t
    }

    func gelu(_ rows: [[Int32]], _ s: Float, float: [[Float]]? = nil) -> Tally {
        let op = ShiftGELU(inputScale: s)
        var t = Tally()
        for (i, row) in rows.enumerated() {
            t.rows += 1
            if !op.inDomain { t.outside += 1 }
            let out = op(row), top = Int64(row.max()!)
            for j in row.indices {
                let v = Double(out[j]) * op.outputScale
                let err = abs(v - ExactActivations.gelu(Double(row[j]) * Double(s)))
                t.add(err, bound: op.inDomain ? op.errorBound(x: Int64(row[j]), top: top) : nil,
                      float: float.map { abs(v - ExactActivations.gelu(Double($0[i][j]))) })
            }
        }
        return t
    }

    func layerNorm(_ rows: [[Int32]], gamma: [Float], beta: [Float], float: [[Float]]? = nil) -> Tally {
        let op = IntegerLayerNorm(gamma: gamma, beta: beta)
        var t = Tally()
        let g = gamma.map(Double.init), b = beta.map(Double.init)
        for (i, row) in rows.enumerated() {
            t.rows += 1
            let (v, k) = op.varianceAndRoot(row)
            let inside = IntegerLayerNorm.inDomain(variance: v)
            if !inside { t.outside += 1 }
            let out = op(row), exact = ExactActivations.layerNorm(row.map(Double.init), gamma: g, beta: b)
            let reference = float.map { ExactActivations.layerNorm($0[i].map(Double.init), gamma: g, beta: b) }
            for j in row.indices {
                let value = Double(out[j]) * op.outputScales[j]
                let z = (exact[j] - b[j]) / g[j]
                t.add(abs(value - exact[j]), bound: inside ? op.errorBound(z: z, channel: j, gamma: gamma[j], beta: beta[j], root: k) : nil,
                      float: reference.map { abs(value - $0[j]) })
            }
        }
        return t
    }

    /// The MiniLM rows: every layer's tensors, quantized to 8 bits per tensor.
    func miniLM() throws -> String {
        let acts = Dictionary(try StudyTensors.read(spec.text("activations"), "layer.*").map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let norms = Dictionary(try StudyTensors.read(spec.text("weights"), "layer.*.ln*").map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let layers = (0 ..< 64).filter { acts["layer.\($0).softmax.input"] != nil }
        guard !layers.isEmpty else { throw StudyError("no layer.{i}.softmax.input in \(spec.text("activations"))") }
        var tallies = [Tally](repeating: Tally(), count: 4)
        var scales: [[Float]] = [[], [], [], []]
        for i in layers {
            for (slot, site) in ["softmax", "gelu", "ln1", "ln2"].enumerated() {
                guard let x = acts["layer.\(i).\(site).input"] else { throw StudyError("no layer.\(i).\(site).input") }
                let (all, s) = Self.quantize(x)
                let rows = Array(all.prefix(spec.count("rows") * (site == "softmax" ? 8 : 1)))
                let float = (0 ..< rows.count).map { r in Array(x.values[(r * x.shape[1]) ..< ((r + 1) * x.shape[1])]) }
                scales[slot].append(s)
                let t: Tally
                switch site {
                case "softmax": t = shiftmax(rows, s, float: float)
                case "gelu": t = gelu(rows, s, float: float)
                default:
                    guard let gamma = norms["layer.\(i).\(site).gamma"], let beta = norms["layer.\(i).\(site).beta"] else { throw StudyError("no layer.\(i).\(site) gamma/beta") }
                    t = layerNorm(rows, gamma: gamma.values, beta: beta.values, float: float)
                }
                tallies[slot].merge(t)
            }
        }
        let names = ["Shiftmax on attention scores", "ShiftGELU on GELU inputs", "I-LayerNorm on LayerNorm 1 inputs", "I-LayerNorm on LayerNorm 2 inputs"]
        let rows = (0 ..< 4).map { k in
            tallies[k].row([names[k], "\(NumberText.fixed(Double(scales[k].min()!), 4))–\(NumberText.fixed(Double(scales[k].max()!), 4))"], float: true)
        }
        let header = ["operator and MiniLM input (\(layers.count) layers)", "input scale s (8-bit, per tensor)", "outputs", "max abs error", "mean abs error",
                      "max error / doc bound (in the domain)", "rows outside the domain", "max abs error vs the float input"]
        return "MiniLM inputs (`\(spec.text("activations"))`):\n\n" + MarkdownTable(header: header, rows: rows).text + "\n"
    }

    /// 8-bit symmetric per-tensor integers of `x` [rows, columns] and their scale.
    static func quantize(_ x: Tensor) -> ([[Int32]], Float) {
        let amax = x.values.reduce(Float(0)) { max($0, abs($1)) }
        let s = max(amax, 1e-8) / 127
        let c = x.shape[1]
        return ((0 ..< x.shape[0]).map { r in (0 ..< c).map { Int32((x.values[r * c + $0] / s).rounded(.toNearestOrEven)) } }, s)
    }
}

extension IntegerOperatorStudy.Tally {
    mutating func merge(_ o: Self) {
        values += o.values; rows += o.rows; outside += o.outside
        maxError = max(maxError, o.maxError); sumError += o.sumError
        if let r = o.worstRatio { worstRatio = max(worstRatio ?? 0, r) }
        maxFloatError = max(maxFloatError, o.maxFloatError)
    }
}
