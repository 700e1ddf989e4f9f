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
}
