// CYaml is libyaml as Yams builds it. SwiftPM makes it importable by every dependent of Yams, but
// it is no product of the Yams package, so Package.swift cannot name it beside Yams.
import CYaml

/// Limits checked on YAML text before it is handed to Yams, whose composer recurses once per
/// nesting level (about 5,000 nested lists overflow the stack): at most `maximumBytes` bytes and
/// `maximumDepth` levels of lists and mappings inside each other. A sweep spec needs 4 levels.
///
/// The depth is counted on libyaml's event stream (`yaml_parser_parse`: one event at a time, its
/// own state stack on the heap, no recursion): +1 at each sequence or mapping start, -1 at each end,
/// exactly as the composer will nest them. Text that libyaml cannot parse is left to Yams, which
/// reports the syntax error at its line (it stops there, no deeper than the check went).
public enum YAMLLimits {
    public static let maximumDepth = 64
    public static let maximumBytes = 1 << 20

    /// Throws `SweepError.spec` for text over the size limit, or at the line where nesting first
    /// exceeds `maximumDepth`.
    static func check(_ text: String, file: String) throws {
        let size = text.utf8.count
        guard size <= maximumBytes else {
            throw SweepError.spec(file: file, line: 1, key: "(document)",
                                  message: "the YAML text is \(size) bytes, above the limit of \(maximumBytes) bytes")
        }
        if let line = scan(text, limit: maximumDepth).line {
            throw SweepError.spec(file: file, line: line, key: "(syntax)",
                                  message: "lists and mappings nested deeper than \(maximumDepth) levels (the limit keeps the YAML parser's stack bounded)")
        }
    }

    /// The deepest nesting of the text (up to a syntax error, if any).
    static func depth(of text: String) -> Int { scan(text, limit: .max).depth }

    /// The deepest nesting seen, and the 1-based line where it first exceeded `limit` (then the
    /// scan stops).
    static func scan(_ text: String, limit: Int) -> (depth: Int, line: Int?) {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return (0, nil) }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return (0, nil) }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> (Int, Int?) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var depth = 0, deepest = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return (deepest, nil) }
                let type = event.type, line = Int(event.start_mark.line) + 1
                yaml_event_delete(&event)
                switch type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    deepest = Swift.max(deepest, depth)
                    if depth > limit { return (deepest, line) }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                case YAML_STREAM_END_EVENT, YAML_NO_EVENT:
                    return (deepest, nil)
                default:
                    break
                }
            }
        }
    }
}
