import Experiments
import IntegerOps
import Reference
import Reports
import Tensors

/// `study: dyadic-scales`: HAWQ-V3's dyadic scale `m / 2^e` (`DyadicScale`) against the real scale,
/// exactly (MPFR), for `scales` scales log-uniform in [2^-30, 2^10] (seeded) and each multiplier width
/// in `bits`: the largest and mean relative error and the bound 2^-b.
struct DyadicScaleStudy {
    let spec: StudySpec

    func run() -> StudyOutput {
        var rng = RandomStream(seed: UInt64(spec.count("seed")))
        let scales = (0 ..< spec.count("scales")).map { _ in pow2(-30 + 40 * rng.nextOpenDouble()) }
        var rows: [[String]] = []
        for b in spec.numbers("bits").map({ Int($0) }) {
            var worst = 0.0, total = 0.0
            for s in scales {
                let d = DyadicScale(approximating: s, bits: b)
                let e = ExactActivations.relativeError(multiplier: d.multiplier, shift: d.shift, of: s)
                worst = max(worst, e); total += e
            }
            let bound = pow2(-Double(b))
            rows.append(["\(b)", "\(scales.count)", NumberText.general(worst, 4), NumberText.general(total / Double(scales.count), 4),
                         NumberText.general(bound, 4), worst <= bound ? "yes" : "**no**"])
        }
        let table = MarkdownTable(header: ["multiplier bits b", "scales", "max relative error", "mean relative error", "bound 2^-b", "within the bound"], rows: rows)
        return StudyOutput(markdown: table.text + "\n")
    }

    /// 2^x for the log-uniform draw (`DeterministicMath`, the same bits everywhere).
    func pow2(_ x: Double) -> Double { DeterministicMath.exp(x * 0.693147180559945309417232121458176568) }
}
