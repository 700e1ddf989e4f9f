import Experiments

/// Short findings computed from the numbers (never hand-written): the leader per data source,
/// head-to-head comparisons at equal bit width, the effect of each Hadamard transform, and the
/// block crest factors. Differences are in dB of QSNR (original domain, first rounding mode).
public enum Findings {
    static let qsnr = MetricColumn.named("qsnr_db")!
    static let crest = MetricColumn.named("block_crest")!

    public static func lines(_ grid: ResultGrid) -> [String] {
        leaders(grid) + sameWidth(grid) + intVersusFP(grid) + hadamard(grid) + crestFactors(grid)
    }

    static func value(_ grid: ResultGrid, _ d: String, _ t: String, _ f: String) -> Double? {
        grid.cell(data: d, transform: t, format: f, rounding: grid.roundings[0]).flatMap { qsnr.value($0) }.flatMap { $0.isNaN ? nil : $0 }
    }

    static func db(_ x: Double) -> String { "\(NumberText.fixed(x, 1)) dB" }

    /// Per data source: the best format and its margin over the runner-up.
    static func leaders(_ grid: ResultGrid) -> [String] {
        let t = grid.baseTransform
        return grid.data.compactMap { d in
            let ranked = grid.formats.compactMap { f in value(grid, d, t, f).map { (f, $0) } }.sorted { $0.1 > $1.1 }
            guard let first = ranked.first else { return nil }
            guard ranked.count > 1 else { return "On \(d) data (\(t)), `\(first.0)` reaches \(db(first.1))." }
            let second = ranked[1]
            return "On \(d) data (\(t)), `\(first.0)` has the highest QSNR, \(db(first.1)), "
                + "\(db(first.1 - second.1)) above `\(second.0)`."
        }
    }

    /// Formats with the same whole number of bits per element: the best against the worst, per data.
    static func sameWidth(_ grid: ResultGrid) -> [String] {
        let t = grid.baseTransform
        var groups: [(bits: Int, formats: [String])] = []
        for f in grid.formats {
            guard let bits = grid.firstCell(format: f)?.bitsPerElement else { continue }
            let b = Int(bits.rounded(.down))
            if let i = groups.firstIndex(where: { $0.bits == b }) { groups[i].formats.append(f) } else { groups.append((b, [f])) }
        }
        var lines: [String] = []
        for group in groups.sorted(by: { $0.bits > $1.bits }) where group.formats.count > 1 {
            for d in grid.data {
                let ranked = group.formats.compactMap { f in value(grid, d, t, f).map { (f, $0) } }.sorted { $0.1 > $1.1 }
                guard let best = ranked.first, let worst = ranked.last, ranked.count > 1, best.1.isFinite, worst.1.isFinite else { continue }
                lines.append("At \(group.bits) bits on \(d) data, `\(best.0)` beats `\(worst.0)` by \(db(best.1 - worst.1)).")
            }
        }
        return lines
    }

    /// INT against FP within one scaled group prefix (`MX int` vs `MX fp`) at the same whole bit
    /// width: the QSNR difference per data source, one line per pair and transform.
    static func intVersusFP(_ grid: ResultGrid) -> [String] {
        var lines: [String] = []
        let info = grid.formats.compactMap { f in grid.firstCell(format: f).map { (f, $0.group, Int($0.bitsPerElement.rounded(.down))) } }
        for (i, bits, group) in info.map({ ($0.0, $0.2, $0.1) }) where group.hasSuffix(" int") {
            let prefix = group.dropLast(4)
            for (f, g, b) in info where g == prefix + " fp" && b == bits {
                for t in grid.transforms {
                    let parts = grid.data.compactMap { d -> String? in
                        guard let a = value(grid, d, t, i), let c = value(grid, d, t, f), a.isFinite, c.isFinite else { return nil }
                        return "\(NumberText.signed(a - c, 1)) on \(d)"
                    }
                    guard !parts.isEmpty else { continue }
                    lines.append("\(prefix) INT vs FP at \(bits) bits (`\(t)`): QSNR of `\(i)` minus `\(f)`: \(parts.joined(separator: ", ")) dB.")
                }
            }
        }
        return lines
    }

    /// Per Hadamard transform: the mean QSNR change per format over the data, largest gain first.
    static func hadamard(_ grid: ResultGrid) -> [String] {
        let base = grid.baseTransform
        return grid.transforms.filter { $0 != base && $0.hasPrefix("hadamard") }.compactMap { t in
            let changes = grid.formats.compactMap { f -> (String, Double)? in
                let deltas = grid.data.compactMap { d -> Double? in
                    guard let a = value(grid, d, base, f), let b = value(grid, d, t, f), a.isFinite, b.isFinite else { return nil }
                    return b - a
                }
                return deltas.isEmpty ? nil : (f, deltas.reduce(0, +) / Double(deltas.count))
            }.sorted { $0.1 > $1.1 }
            guard !changes.isEmpty else { return nil }
            let list = changes.map { "`\($0.0)` \(NumberText.signed($0.1, 1))" }.joined(separator: ", ")
            return "`\(t)` changes QSNR, averaged over \(grid.data.count) data sources, by: \(list) dB."
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
