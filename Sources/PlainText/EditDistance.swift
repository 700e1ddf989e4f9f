/// Levenshtein distance between two strings (insertions, deletions and substitutions of Unicode
/// scalars each cost 1), ignoring case, so that a name differing only in case is a distance-0
/// suggestion. The one distance behind every "did you mean" of QuantLab: format specs, sweep keys,
/// tensor names.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0 ... y.count)
        var row = [Int](repeating: 0, count: y.count + 1)
        for i in 1 ... x.count {
            row[0] = i
            for j in 1 ... y.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[y.count]
    }

    /// The known names a user most likely meant by `text` (case-insensitive), at most `limit`:
    /// names that begin with it (from 2 characters) or contain it (from 3), shortest first, and
    /// only when there are none, the names within a small edit distance (at most 2, or the best
    /// distance when that is larger, and never more than half the text), nearest first.
    /// So `mxfp8` gives mxfp8_e4m3 and mxfp8_e5m2 (not mxfp4), and `formts` gives formats.
    public static func suggestions(for text: String, among names: [String], limit: Int = 3) -> [String] {
        let t = text.lowercased()
        guard !t.isEmpty, t.count <= 200 else { return [] }
        let unique = Array(Set(names)).sorted()
        let containing = unique.filter { name in
            let n = name.lowercased()
            return n != t && ((t.count >= 2 && n.hasPrefix(t)) || (t.count >= 3 && n.contains(t)))
        }
        if !containing.isEmpty {
            return Array(containing.sorted { ($0.count, $0) < ($1.count, $1) }.prefix(limit))
        }
        let scored = unique.map { ($0, between($0, text)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let best = scored.first?.1 ?? 0
        let close = scored.filter { $0.1 <= Swift.max(best, 2) && $0.1 <= Swift.max(3, t.count / 2) }
        return Array(close.prefix(limit).map(\.0))
    }
}
