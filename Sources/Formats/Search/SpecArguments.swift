/// Splitting of call-style specs `head(arg, key=value, ...)` whose arguments may themselves hold
/// calls and lists (`search(scaled(int:4, block=32), F=[a,b])`): commas split only at depth 0 of
/// `()` and `[]`.
public enum SpecArguments {
    /// `head(a, b=c)` into ("head", ["a", "b=c"]); a plain name gives nil arguments. Throws on
    /// unbalanced brackets or text after the closing parenthesis.
    public static func call(_ s: String) throws -> (head: String, args: [String]?) {
        guard let open = s.firstIndex(of: "(") else { return (s, nil) }
        guard s.hasSuffix(")") else { throw FormatError.invalidSpec(s, reason: "missing ')' at the end") }
        let head = String(s[..<open]).trimmingCharacters(in: .whitespaces)
        let inner = String(s[s.index(after: open) ..< s.index(before: s.endIndex)])
        return (head, try split(inner, spec: s))
    }

    /// Top-level comma-separated items of `text`, trimmed, empty ones dropped.
    public static func split(_ text: String, spec: String) throws -> [String] {
        var items: [String] = [], current = "", depth: [Character] = []
        for ch in text {
            switch ch {
            case "(", "[": depth.append(ch)
            case ")", "]":
                guard let open = depth.popLast(), (open == "(") == (ch == ")") else {
                    throw FormatError.invalidSpec(spec, reason: "unbalanced '\(ch)'")
                }
            case "," where depth.isEmpty:
                items.append(current); current = ""; continue
            default: break
            }
            current.append(ch)
        }
        guard depth.isEmpty else { throw FormatError.invalidSpec(spec, reason: "unclosed '\(depth.last!)'") }
        items.append(current)
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `key=value` into (key, value); `flag` into (flag, nil). Splits at the first `=` outside brackets.
    public static func keyValue(_ item: String) -> (key: String, value: String?) {
        var depth = 0
        for i in item.indices {
            switch item[i] {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            case "=" where depth == 0:
                return (item[..<i].trimmingCharacters(in: .whitespaces), item[item.index(after: i)...].trimmingCharacters(in: .whitespaces))
            default: break
            }
        }
        return (item.trimmingCharacters(in: .whitespaces), nil)
    }

    /// `[a, b, c]` into ["a", "b", "c"]; nil when `text` is not a bracketed list.
    public static func list(_ text: String, spec: String) throws -> [String]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        return try split(String(text.dropFirst().dropLast()), spec: spec)
    }

    /// The shortest decimal text that reads back as `x` (Swift's description), without a trailing `.0`.
    public static func number(_ x: Double) -> String {
        let text = "\(x)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
