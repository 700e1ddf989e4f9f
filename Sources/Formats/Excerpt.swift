/// A bounded rendering of user text for error messages: an error line echoes what it refuses, but
/// never more than `limit` characters of it (a 10^6-value codebook spec is 6.9 MB): the start and
/// the end, joined by `…`, with the full length.
public enum Excerpt {
    public static let defaultLimit = 120

    public static func of(_ text: String, limit: Int = defaultLimit) -> String {
        let count = text.count
        guard count > limit else { return text }
        let head = Swift.max(1, limit * 2 / 3), tail = Swift.max(1, limit - head)
        return "\(text.prefix(head))…\(text.suffix(tail)) (\(count) characters)"
    }
}
