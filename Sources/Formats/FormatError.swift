/// Errors from the Formats target. Each description is one line naming the bad value (long specs
/// and reasons shortened by `Excerpt`).
public enum FormatError: Error, CustomStringConvertible, Equatable {
    case unknownFormat(String, suggestions: [String])
    case invalidSpec(String, reason: String)
    case unknownRounding(String, known: [String])
    case unrepresentable(String, reason: String)
    case invalidBlock(String)

    public var description: String {
        switch self {
        case let .unknownFormat(spec, suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"
            return "unknown format '\(Excerpt.of(spec))'\(hint) (`quantlab formats` lists every name and the parametric forms)"
        case let .invalidSpec(spec, reason):
            return "invalid format spec '\(Excerpt.of(spec))': \(Excerpt.of(reason, limit: 400))"
        case let .unknownRounding(name, known):
            return "unknown rounding mode '\(Excerpt.of(name))'; known: \(known.joined(separator: ", "))"
        case let .unrepresentable(spec, reason):
            return "format '\(Excerpt.of(spec))' cannot be emulated: \(Excerpt.of(reason, limit: 400))"
        case let .invalidBlock(reason):
            return Excerpt.of(reason, limit: 400)
        }
    }
}
