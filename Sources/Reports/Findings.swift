import Experiments
import Formats

/// Short findings computed from the numbers (never hand-written): the leader per data source,
/// head-to-head comparisons at equal bit width, the effect of each Hadamard transform, and the
/// block crest factors. Differences are in dB of QSNR (original domain, first rounding mode).
public enum Findings {
    static let qsnr = MetricColumn.named("qsnr_db")!
    static let crest = MetricColumn.named("block_crest")!

    public static func lines(_ grid: ResultGrid) -> [String] {
        leaders(grid) + sameWidth(grid) + intVersusFP(grid) + hadamard(grid) + rounding(grid) + crestFactors(grid) + ProductFindings.lines(grid)
    }

    static func value(_ grid: ResultGrid, _ d: String, _ t: String, _ f: String) -> Double? {
        grid.cell(data: d, transform: t, format: f, rounding: grid.roundings[0]).flatMap { qsnr.value($0) }.flatMap { $0.isNaN ? nil : $0 }
    }

    static func db(_ x: Double) -> String { "\(NumberText.fixed(x, 1)) dB" }

    /// True when two QSNRs print the same difference as 0.0 dB.
    static func tie(_ a: Double, _ b: Double) -> Bool { NumberText.fixed(abs(a - b), 1) == "0.0" }

    /// The whole number of bits of a bits-per-element value; nil when it is not finite or not
    /// an integer's worth (a hand-edited or corrupt results file), so such formats are left out.
    static func wholeBits(_ bits: Double) -> Int? { Int(exactly: bits.rounded(.down)).flatMap { $0 >= 0 && $0 <= 1 << 20 ? $0 : nil } }

    /// "1 data source", "4 data sources".
    static func sources(_ n: Int) -> String { n == 1 ? "1 data source" : "\(n) data sources" }

    /// Per data source: the best format and its margin over the runner-up.
    static func leaders(_ grid: ResultGrid) -> [String] {
        let t = grid.baseTransform
        return grid.data.compactMap { d in
            let ranked = grid.formats.compactMap { f in value(grid, d, t, f).map { (f, $0) } }.sorted { $0.1 > $1.1 }
            guard let first = ranked.first else { return nil }
            guard ranked.count > 1 else { return "On \(d) data (\(t)), `\(first.0)` reaches \(db(first.1))." }
            let second = ranked[1]
            if tie(first.1, second.1) { return "On \(d) data (\(t)), `\(first.0)` and `\(second.0)` tie for the highest QSNR, \(db(first.1))." }
            return "On \(d) data (\(t)), `\(first.0)` has the highest QSNR, \(db(first.1)), "
                + "\(db(first.1 - second.1)) above `\(second.0)`."
        }
    }

    /// Formats with the same whole number of bits per element: the best against the worst, per data.
    static func sameWidth(_ grid: ResultGrid) -> [String] {
        let t = grid.baseTransform
        var groups: [(bits: Int, formats: [String])] = []
        for f in grid.formats {
            guard let b = grid.firstCell(format: f).flatMap({ wholeBits($0.bitsPerElement) }) else { continue }
            if let i = groups.firstIndex(where: { $0.bits == b }) { groups[i].formats.append(f) } else { groups.append((b, [f])) }
        }
        var lines: [String] = []
        for group in groups.sorted(by: { $0.bits > $1.bits }) where group.formats.count > 1 {
            for d in grid.data {
                let ranked = group.formats.compactMap { f in value(grid, d, t, f).map { (f, $0) } }.sorted { $0.1 > $1.1 }
                guard let best = ranked.first, let worst = ranked.last, ranked.count > 1, best.1.isFinite, worst.1.isFinite else { continue }
                lines.append(tie(best.1, worst.1)
                    ? "At \(group.bits) bits on \(d) data, `\(best.0)` and `\(worst.0)` tie (\(db(best.1)))."
                    : "At \(group.bits) bits on \(d) data, `\(best.0)` beats `\(worst.0)` by \(db(best.1 - worst.1)).")
            }
        }
        return lines
    }

    /// INT against FP under one scaling scheme (MX int vs MX fp, NV, or other scaling) at the same
    /// whole bit width: the QSNR difference per data source, one line per pair and transform.
    static func intVersusFP(_ grid: ResultGrid) -> [String] {
        var lines: [String] = []
        let info = grid.formats.compactMap { f -> (name: String, what: FormatDescriptor, bits: Int)? in
            guard let what = grid.descriptor(format: f), let cell = grid.firstCell(format: f), let bits = wholeBits(cell.bitsPerElement) else { return nil }
            return (f, what, bits)
        }
        for (i, int, bits) in info where int.family == .int && int.scheme != .unscaled {
            let prefix = int.scheme.rawValue
            let partners = info.filter { (other: (name: String, what: FormatDescriptor, bits: Int)) -> Bool in
                other.what.family == .fp && other.what.scheme == int.scheme && other.bits == bits
            }
            for f in partners.map(\.name) {
                for t in grid.transforms {
                    let parts = grid.data.compactMap { d -> String? in
                        guard let a = value(grid, d, t, i), let c = value(grid, d, t, f), a.isFinite, c.isFinite else { return nil }
                        return "\(NumberText.signed(a - c, 1)) dB on \(d)"
                    }
                    guard !parts.isEmpty else { continue }
                    lines.append("\(prefix) INT vs FP at \(bits) bits (`\(t)`): QSNR of `\(i)` minus `\(f)`: \(parts.joined(separator: ", ")).")
                }
                if let crossover = crossover(grid, int: i, fp: f) { lines.append(crossover) }
            }
        }
        return lines
    }

    /// Where INT stops beating FP as the median block crest factor grows: the QSNR difference at
    /// every (data, transform) point, sorted by crest factor, and the first sign change (linear
    /// interpolation). Nil with fewer than three points.
    static func crossover(_ grid: ResultGrid, int i: String, fp f: String) -> String? {
        let r = grid.roundings[0]
        var points: [(crest: Double, diff: Double)] = []
        for d in grid.data {
            for t in grid.transforms {
                guard let a = grid.cell(data: d, transform: t, format: i, rounding: r), let b = grid.cell(data: d, transform: t, format: f, rounding: r),
                      let c = crest.value(a), let qa = qsnr.value(a), let qb = qsnr.value(b), c.isFinite, qa.isFinite, qb.isFinite else { continue }
                points.append((c, qa - qb))
            }
        }
        guard points.count >= 3 else { return nil }
        points.sort { ($0.crest, $0.diff) < ($1.crest, $1.diff) }
        let span = "median block crest factors \(NumberText.fixed(points.first!.crest, 2))–\(NumberText.fixed(points.last!.crest, 2))"
        if points.allSatisfy({ $0.diff >= 0 }) { return "`\(i)` is at least as accurate as `\(f)` at every measured point (\(span))." }
        if points.allSatisfy({ $0.diff < 0 }) { return "`\(f)` beats `\(i)` at every measured point (\(span))." }
        guard let k = points.indices.dropLast().first(where: { points[$0].diff >= 0 && points[$0 + 1].diff < 0 }) else {
            return "`\(f)` beats `\(i)` at the lowest crest factor but not throughout (\(span)): no single crossover."
        }
        let (c1, d1) = points[k], (c2, d2) = points[k + 1]
        let at = c1 + (0 - d1) * (c2 - c1) / (d2 - d1)
        return "`\(i)` beats `\(f)` up to a median block crest factor of about \(NumberText.fixed(at, 2)) "
            + "(first sign change between \(NumberText.fixed(c1, 2)) and \(NumberText.fixed(c2, 2)); \(points.count) points, \(span))."
    }

    /// Per Hadamard transform: the mean QSNR change per format over the data, largest gain first.
    static func hadamard(_ grid: ResultGrid) -> [String] {
        let base = grid.baseTransform
        return grid.transforms.filter { $0 != base && grid.isRotation($0) }.compactMap { t in
            let changes = grid.formats.compactMap { f -> (String, Double)? in
                let deltas = grid.data.compactMap { d -> Double? in
                    guard let a = value(grid, d, base, f), let b = value(grid, d, t, f), a.isFinite, b.isFinite else { return nil }
                    return b - a
                }
                return deltas.isEmpty ? nil : (f, deltas.reduce(0, +) / Double(deltas.count))
            }.sorted { $0.1 > $1.1 }
            guard !changes.isEmpty else { return nil }
            let list = changes.map { "`\($0.0)` \(NumberText.signed($0.1, 1))" }.joined(separator: ", ")
            return "`\(t)` changes QSNR, averaged over \(sources(grid.data.count)), by: \(list) dB."
        }
    }

    /// Per rounding mode after the first: the QSNR change per format against the first mode,
    /// averaged over the data (baseline transform).
    static func rounding(_ grid: ResultGrid) -> [String] {
        guard let first = grid.roundings.first else { return [] }
        let t = grid.baseTransform
        return grid.roundings.dropFirst().compactMap { r in
            let changes = grid.formats.compactMap { f -> String? in
                let deltas = grid.data.compactMap { d -> Double? in
                    guard let a = grid.cell(data: d, transform: t, format: f, rounding: first).flatMap({ qsnr.value($0) }),
                          let b = grid.cell(data: d, transform: t, format: f, rounding: r).flatMap({ qsnr.value($0) }),
                          a.isFinite, b.isFinite else { return nil }
                    return b - a
                }
                return deltas.isEmpty ? nil : "`\(f)` \(NumberText.signed(deltas.reduce(0, +) / Double(deltas.count), 1))"
            }
            guard !changes.isEmpty else { return nil }
            return "Rounding `\(r)` instead of `\(first)` changes QSNR (`\(t)`, mean over \(sources(grid.data.count))) by: \(changes.joined(separator: ", ")) dB."
        }
    }

    /// The median block crest factor of each data source under each transform.
    static func crestFactors(_ grid: ResultGrid) -> [String] {
        grid.transforms.map { t in
            let parts = grid.data.compactMap { d -> String? in
                guard let c = grid.cells.first(where: { $0.data == d && $0.transform == t }), let v = crest.value(c) else { return nil }
                return "\(d) \(NumberText.fixed(v, 2))"
            }
            return "Median block crest factor with `\(t)`: " + parts.joined(separator: ", ") + "."
        }
    }
}
