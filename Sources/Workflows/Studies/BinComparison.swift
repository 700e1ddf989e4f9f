import Foundation
import Metrics
import Reports

/// One INT/FP pair measured per crest-factor bin (`CrestBins` over the same blocks) beside its
/// `QSNRModel.Pair`: the bins with at least `minimum` blocks, the measured crossover, the gap to the
/// model, and the chart (measured bins as markers, the models as curves).
struct BinComparison {
    let model: QSNRModel.Pair
    let int: CrestBins
    let fp: CrestBins
    let minimum: Int

    /// Bins with enough blocks: mean crest factor, INT and FP QSNR.
    var points: [(crest: Double, int: Double, fp: Double)] {
        (0..<int.binCount).filter { int.counts[$0] >= minimum }.map { (int.meanCrest($0), int.qsnrDB($0), fp.qsnrDB($0)) }
    }

    enum Crossing {
        case none
        case intAhead(upTo: Double)
        case fpAhead(from: Double)
        /// The first + to - change (interpolated), its bracketing bin means, and how many sign changes there are.
        case at(Double, between: (Double, Double), changes: Int)
    }

    var crossing: Crossing {
        let p = points
        guard let first = p.first, let last = p.last else { return .none }
        let d = p.map { $0.int - $0.fp }
        if d.allSatisfy({ $0 >= 0 }) { return .intAhead(upTo: last.crest) }
        if d.allSatisfy({ $0 < 0 }) { return .fpAhead(from: first.crest) }
        let changes = d.indices.dropLast().filter { (d[$0] >= 0) != (d[$0 + 1] >= 0) }.count
        guard let k = d.indices.dropLast().first(where: { d[$0] >= 0 && d[$0 + 1] < 0 }) else { return .fpAhead(from: first.crest) }
        let (c1, c2) = (p[k].crest, p[k + 1].crest)
        return .at(c1 + (0 - d[k]) * (c2 - c1) / (d[k + 1] - d[k]), between: (c1, c2), changes: changes)
    }

    var measuredText: String {
        switch crossing {
        case .none: return "no bins"
        case let .intAhead(upTo): return "none: INT ahead up to \(NumberText.fixed(upTo, 2))"
        case let .fpAhead(from): return "none: FP ahead from \(NumberText.fixed(from, 2))"
        case let .at(x, _, _): return NumberText.fixed(x, 2)
        }
    }

    /// The predicted crossover against the measured one, in words.
    /// `exactQmax`: the crossover with the INT model's Qmax = 2^(b-1) - 1.
    func sentence(predicted: Double?, exactQmax: Double?, blockSize g: Int) -> String {
        let p = (predicted.map { "the model's crossover is \(NumberText.fixed($0, 2))" } ?? "the model has no crossover in [1, 12]")
            + (exactQmax.map { " (\(NumberText.fixed($0, 2)) with INT's Qmax = 2^(b-1) - 1)" } ?? "")
        let reach = predicted.map { $0 > Double(g).squareRoot() ? ", above sqrt(\(g)) = \(NumberText.fixed(Double(g).squareRoot(), 2)), out of reach of any block" : "" } ?? ""
        switch crossing {
        case .none:
            return p + reach + "; no bin holds \(minimum) blocks."
        case let .intAhead(upTo):
            return p + reach + "; measured, INT is ahead in every bin (\(points.count) bins, mean crest factors up to \(NumberText.fixed(upTo, 2)))."
        case let .fpAhead(from):
            return p + reach + "; measured, FP is ahead in every bin (\(points.count) bins, from a mean crest factor of \(NumberText.fixed(from, 2)))."
        case let .at(x, between, changes):
            let offset = predicted.map { ", \(NumberText.signed(x - $0, 2)) from the model's" } ?? ""
            return p + reach + "; measured, INT stops beating FP at about \(NumberText.fixed(x, 2))\(offset) (between bins at "
                + "\(NumberText.fixed(between.0, 2)) and \(NumberText.fixed(between.1, 2)); "
                + (changes == 1 ? "the only sign change" : "\(changes) sign changes over \(points.count) bins") + ")."
        }
    }

    /// Root mean square over the bins of measured minus model QSNR (INT or FP).
    func rmsGap(int isInt: Bool) -> Double? {
        let m = isInt ? model.integer : model.float
        let gaps = points.map { (isInt ? $0.int : $0.fp) - m.qsnrDB(crest: $0.crest) }.filter(\.isFinite)
        guard !gaps.isEmpty else { return nil }
        return (gaps.map { $0 * $0 }.reduce(0, +) / Double(gaps.count)).squareRoot()
    }

    /// Measured bins (markers) and the model curves from kappa 1 to sqrt(g): INT and FP as the authors
    /// coded them (solid) and INT with Qmax = 2^(b-1) - 1 (dashed). INT blue, FP orange.
    func chart(title: String) -> String {
        let p = points
        let top = Double(int.edges.last!)
        let xs = stride(from: 1.0, through: top, by: (top - 1) / 200).map { $0 }
        let exact = model.withIntegerNoise(.symmetric).integer
        func curve(_ m: QSNRModel) -> [LineChart.Point] { xs.map { LineChart.Point(x: $0, y: m.qsnrDB(crest: $0)) } }
        let chart = LineChart(title: title, yLabel: "QSNR (dB)", xLabel: "block crest factor max|x| / RMS (ratio)", series: [
            ("INT measured", p.map { LineChart.Point(x: $0.crest, y: $0.int) }), ("FP measured", p.map { LineChart.Point(x: $0.crest, y: $0.fp) }),
            ("INT model", curve(model.integer)), ("FP model", curve(model.float)), ("INT model, Qmax 2^(b-1) - 1", curve(exact)),
        ], styles: [.markers, .markers, .line, .line, .dashedLine], colors: [0, 1, 0, 1, 0])
        return chart.svg
    }
}
