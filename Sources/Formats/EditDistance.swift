/// Levenshtein distance between two strings (insertions, deletions, substitutions each cost 1),
/// used to suggest the nearest known names when a spec or key is misspelled.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        var previous = Array(0 ... y.count)
        for i in 1 ... x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1 ... max(y.count, 1) where j <= y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
