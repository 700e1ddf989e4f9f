import PlainText

/// Tensor-name selection: shell-style globs and closest-name suggestions.
public enum NameMatching {
    /// True if `pattern` contains a glob metacharacter (`*` or `?`).
    static func isGlob(_ pattern: String) -> Bool {
        pattern.contains("*") || pattern.contains("?")
    }

    /// Glob match over Unicode scalars: `*` matches any run (including dots and the empty run),
    /// `?` exactly one scalar, everything else itself. Greedy with single-star backtracking, so
    /// the cost is O(|pattern| * |name|) in the worst case.
    public static func glob(_ pattern: String, matches name: String) -> Bool {
        let p = Array(pattern.unicodeScalars), s = Array(name.unicodeScalars)
        var i = 0, j = 0
        var star = -1, mark = 0
        while j < s.count {
            if i < p.count && (p[i] == "?" || (p[i] != "*" && p[i] == s[j])) {
                i += 1; j += 1
            } else if i < p.count && p[i] == "*" {
                star = i; mark = j; i += 1
            } else if star >= 0 {
                i = star + 1; mark += 1; j = mark
            } else {
                return false
            }
        }
        while i < p.count && p[i] == "*" { i += 1 }
        return i == p.count
    }

    /// Up to `limit` names closest to `query` by edit distance, ties broken by name.
    static func closest(to query: String, in names: [String], limit: Int = 3) -> [String] {
        names.map { (name: $0, distance: EditDistance.between(query, $0)) }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .prefix(limit)
            .map(\.name)
    }
}
