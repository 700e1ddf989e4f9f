import PlainText
import Yams

/// Typed reads of a composed YAML tree that fail with `SweepError.spec` naming the file, the
/// node's line and the key path.
struct YAMLReader {
    var file: String

    /// Composes `text`; a syntax error becomes a spec error at its line. Text past `YAMLLimits`
    /// (size, nesting depth) is refused before Yams sees it.
    func root(_ text: String) throws -> Node? {
        try YAMLLimits.check(text, file: file)
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        }
    }

    func fail(_ node: Node?, _ key: String, _ message: String) -> SweepError {
        .spec(file: file, line: node?.mark?.line ?? 1, key: key, message: message)
    }

    /// The node's scalar text; fails for sequences and mappings.
    func string(_ node: Node, _ key: String) throws -> String {
        guard let scalar = node.scalar else { throw fail(node, key, "expected a string, found a \(kind(node))") }
        return scalar.string
    }

    /// A non-negative integer scalar.
    func unsigned(_ node: Node, _ key: String) throws -> UInt64 {
        guard let text = node.scalar?.string, let value = UInt64(text) else {
            throw fail(node, key, "expected a non-negative integer, found \(describe(node))")
        }
        return value
    }

    /// A boolean scalar (`true` or `false`).
    func bool(_ node: Node, _ key: String) throws -> Bool {
        switch node.scalar?.string {
        case "true": return true
        case "false": return false
        default: throw fail(node, key, "expected true or false, found \(describe(node))")
        }
    }

    /// The items of a sequence node.
    func list(_ node: Node, _ key: String) throws -> [Node] {
        guard let sequence = node.sequence else { throw fail(node, key, "expected a list, found \(describe(node))") }
        return Array(sequence)
    }

    /// The pairs of a mapping node, keys as strings; unknown keys fail (with the accepted ones).
    func mapping(_ node: Node, _ key: String, accepted: [String]) throws -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, key, "expected a mapping, found \(describe(node))") }
        var seen: Set<String> = []
        return try mapping.map { pair in
            let name = try string(pair.key, key)
            let path = key.isEmpty ? name : "\(key).\(name)"
            guard accepted.contains(name) else {
                let closest = accepted.min { EditDistance.between($0, name) < EditDistance.between($1, name) }
                let hint = closest.map { EditDistance.between($0, name) <= 2 ? "did you mean '\($0)'? " : "" } ?? ""
                throw fail(pair.key, path, "unknown key; \(hint)(accepted: \(accepted.joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else { throw fail(pair.key, path, "key given twice") }
            return (name, pair.key, pair.value)
        }
    }

    /// A list of strings.
    func strings(_ node: Node, _ key: String) throws -> [(text: String, node: Node)] {
        try list(node, key).enumerated().map { i, item in (try string(item, "\(key)[\(i)]"), item) }
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "scalar"
        case .sequence: return "list"
        case .mapping: return "mapping"
        }
    }

    private func describe(_ node: Node) -> String {
        if let s = node.scalar?.string { return "'\(s)'" }
        return "a \(kind(node))"
    }

    private func syntaxError(_ error: YamlError) -> SweepError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return .spec(file: file, line: mark.line, key: "(syntax)", message: "YAML: \(problem)")
        default:
            return .spec(file: file, line: 1, key: "(syntax)", message: "YAML: \(error)")
        }
    }
}
