/// Limits checked on YAML text before it is handed to Yams, whose composer recurses once per
/// nesting level (about 5,000 nested lists overflow the stack): at most `maximumBytes` bytes and
/// `maximumDepth` levels of lists and mappings inside each other. A sweep spec needs 4 levels.
///
/// The depth is an upper bound read from the text without parsing it, per line:
/// open block levels (a stack of indentation columns outside flow collections), plus one per leading
/// `- ` or `? ` marker, plus the open flow brackets `[` `{` at each point of the line. Quoted
/// scalars (also over several lines), comments and the content of block scalars (`|`, `>`) are
/// skipped, so brackets inside strings do not count.
public enum YAMLLimits {
    public static let maximumDepth = 64
    public static let maximumBytes = 1 << 20

    /// Throws `SweepError.spec` at the first line past a limit.
    static func check(_ text: String, file: String) throws {
        let size = text.utf8.count
        guard size <= maximumBytes else {
            throw SweepError.spec(file: file, line: 1, key: "(document)",
                                  message: "the YAML text is \(size) bytes, above the limit of \(maximumBytes) bytes")
        }
        let (_, line) = scan(text, limit: maximumDepth)
        if let line {
            throw SweepError.spec(file: file, line: line, key: "(syntax)",
                                  message: "lists and mappings nested deeper than \(maximumDepth) levels (the limit keeps the YAML parser's stack bounded)")
        }
    }

    /// The depth bound of the whole text.
    static func depth(of text: String) -> Int { scan(text, limit: .max).depth }

    /// The largest depth bound up to the first line whose bound exceeds `limit` (that line, 1-based).
    static func scan(_ text: String, limit: Int) -> (depth: Int, line: Int?) {
        var indents: [Int] = []          // open block levels (indentation columns)
        var flow = 0                     // open [ and {
        var quote: UInt8?                // open ' or " (may span lines)
        var blockScalarParent: Int?      // inside a | or > scalar: its parent's indentation
        var deepest = 0
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line)
            let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
            let blank = bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            if let parent = blockScalarParent {
                if blank || indent > parent { continue }
                blockScalarParent = nil
            }
            var i = indent
            var markers = 0
            if quote == nil && flow == 0 {
                if blank || bytes[i] == UInt8(ascii: "#") { continue }
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                // Compact nesting: `- - x`, `? x`.
                while i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "?"),
                      i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: " ") {
                    markers += 1
                    i += 1
                    while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
                }
            }
            let base = indents.count + markers
            deepest = Swift.max(deepest, base)
            var lastContent = i   // end of the content before a comment
            var previous: UInt8 = UInt8(ascii: " ")
            while i < bytes.count {
                let c = bytes[i]
                if let q = quote {
                    if q == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") { i += 2; continue }
                    if c == q {
                        if q == UInt8(ascii: "'") && i + 1 < bytes.count && bytes[i + 1] == q { i += 2; continue }  // '' escape
                        quote = nil
                    }
                } else if c == UInt8(ascii: "#") && (previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")) {
                    break
                } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                    quote = c
                } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                    flow += 1
                    deepest = Swift.max(deepest, base + flow)
                } else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    flow = Swift.max(0, flow - 1)
                }
                if c != UInt8(ascii: " ") && c != UInt8(ascii: "\t") && c != UInt8(ascii: "\r") { lastContent = i + 1 }
                previous = c
                i += 1
            }
            if deepest > limit { return (deepest, lineNumber) }
            if quote == nil && flow == 0 && opensBlockScalar(bytes[..<lastContent]) { blockScalarParent = indent }
        }
        return (deepest, nil)
    }

    /// A line ending in a block scalar header: ` |` or ` >`, with optional chomping (`-`, `+`) and
    /// indentation (a digit) indicators.
    private static func opensBlockScalar(_ content: ArraySlice<UInt8>) -> Bool {
        var end = content.endIndex
        var indicators = 0
        while end > content.startIndex, indicators < 2,
              content[end - 1] == UInt8(ascii: "-") || content[end - 1] == UInt8(ascii: "+") || (UInt8(ascii: "1") ... UInt8(ascii: "9")).contains(content[end - 1]) {
            end -= 1; indicators += 1
        }
        guard end > content.startIndex, content[end - 1] == UInt8(ascii: "|") || content[end - 1] == UInt8(ascii: ">") else { return false }
        return end - 1 == content.startIndex || content[end - 2] == UInt8(ascii: " ")
    }
}
