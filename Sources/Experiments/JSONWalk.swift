/// A validating walk over JSON text (RFC 8259) that reports where every value is, for
/// `StrictJSON`'s rewrites. Iterative (an explicit stack, so deep nesting cannot overflow the call
/// stack), bounds-checked, and it throws on any syntax error; it never builds a tree.
enum JSONWalk {
    /// One step of a value's path: an object member or an array element.
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var expected: String
        var description: String { "bad JSON at byte \(offset): expected \(expected)" }
    }

    private struct Frame {
        var isObject: Bool
        var count = 0
        /// Whitespace before the first member (the indentation of pretty-printed members).
        var indent: Range<Int>?
        var lastEnd = 0
        /// Where the current member's preceding comma is (nil for the first member).
        var comma: Int?
    }

    /// Calls `value(path, range, isString)` for every string, number, `true`, `false` and `null`;
    /// `objectEnd(path, end of the last member, indentation of members)` when an object closes; and
    /// `member(path, range)` when an object member other than the first ends, with the range from
    /// its preceding comma to the end of its value (what removing the member removes).
    static func walk(_ text: [UInt8],
                     value: ([Step], Range<Int>, Bool) throws -> Void,
                     objectEnd: ([Step], Int, String) throws -> Void = { _, _, _ in },
                     member: ([Step], Range<Int>) throws -> Void = { _, _ in }) throws {
        var i = 0
        var stack: [Frame] = []
        var path: [Step] = []

        func skipSpace() {
            while i < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[i]) { i += 1 }
        }
        func fail(_ expected: String) -> SyntaxError { SyntaxError(offset: i, expected: expected) }
        func stringEnd(from start: Int) throws -> Int {
            var j = start + 1
            while j < text.count {
                switch text[j] {
                case UInt8(ascii: "\""): return j + 1
                case UInt8(ascii: "\\"): j += 2
                case 0 ..< 0x20: throw SyntaxError(offset: j, expected: "no control character inside a string")
                default: j += 1
                }
            }
            throw SyntaxError(offset: start, expected: "a closing quote")
        }
        /// After a value ends at `end`: record it in the enclosing container.
        func finishValue(_ end: Int) throws {
            if let frame = stack.last {
                if frame.isObject, let comma = frame.comma { try member(path, comma ..< end) }
                stack[stack.count - 1].lastEnd = end
                path.removeLast()
            }
        }

        skipSpace()
        var expectValue = true
        while true {
            if expectValue {
                skipSpace()
                guard i < text.count else { throw fail("a value") }
                let start = i
                switch text[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = text[i] == UInt8(ascii: "{")
                    i += 1
                    stack.append(Frame(isObject: isObject))
                    let spaceStart = i
                    skipSpace()
                    let closer = UInt8(ascii: isObject ? "}" : "]")
                    if i < text.count, text[i] == closer {
                        i += 1
                        stack.removeLast()
                        if isObject { try objectEnd(path, start + 1, "") }
                        try finishValue(i)
                        expectValue = false
                        continue
                    }
                    stack[stack.count - 1].indent = spaceStart ..< i
                    try beginMember(&stack, &path, &i, text)
                    continue
                case UInt8(ascii: "\""):
                    i = try stringEnd(from: i)
                    try value(path, start ..< i, true)
                default:
                    while i < text.count, !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(text[i])) { i += 1 }
                    let token = Array(text[start ..< i])
                    guard isScalar(token) else { throw SyntaxError(offset: start, expected: "a number, true, false or null") }
                    try value(path, start ..< i, false)
                }
                try finishValue(i)
                expectValue = false
                continue
            }
            skipSpace()
            guard let frame = stack.last else {
                guard i == text.count else { throw fail("the end of the text") }
                return
            }
            guard i < text.count else { throw fail(frame.isObject ? "',' or '}'" : "',' or ']'") }
            if text[i] == UInt8(ascii: ",") {
                stack[stack.count - 1].comma = i
                i += 1
                stack[stack.count - 1].count += 1
                try beginMember(&stack, &path, &i, text)
                expectValue = true
                continue
            }
            guard text[i] == UInt8(ascii: frame.isObject ? "}" : "]") else { throw fail(frame.isObject ? "',' or '}'" : "',' or ']'") }
            i += 1
            let closed = stack.removeLast()
            if closed.isObject {
                let indent = closed.indent.map { String(decoding: text[$0], as: UTF8.self) } ?? ""
                try objectEnd(path, closed.lastEnd, indent)
            }
            try finishValue(i)
        }

        /// Pushes the next member's step: for an object, reads `"key" :`.
        func beginMember(_ stack: inout [Frame], _ path: inout [Step], _ i: inout Int, _ text: [UInt8]) throws {
            let frame = stack[stack.count - 1]
            guard frame.isObject else {
                path.append(.index(frame.count))
                expectValue = true
                return
            }
            while i < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[i]) { i += 1 }
            guard i < text.count, text[i] == UInt8(ascii: "\"") else { throw SyntaxError(offset: i, expected: "a member name") }
            let start = i
            i = try stringEnd(from: i)
            path.append(.key(try string(text[start ..< i])))
            while i < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[i]) { i += 1 }
            guard i < text.count, text[i] == UInt8(ascii: ":") else { throw SyntaxError(offset: i, expected: "':'") }
            i += 1
            expectValue = true
        }
    }

    /// True for a JSON number, `true`, `false` or `null`.
    static func isScalar(_ token: [UInt8]) -> Bool {
        if token.elementsEqual("true".utf8) || token.elementsEqual("false".utf8) || token.elementsEqual("null".utf8) { return true }
        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        var j = 0
        func digits() -> Int {
            let start = j
            while j < token.count, (0x30 ... 0x39).contains(token[j]) { j += 1 }
            return j - start
        }
        if j < token.count, token[j] == UInt8(ascii: "-") { j += 1 }
        guard j < token.count else { return false }
        if token[j] == 0x30 { j += 1 } else if digits() == 0 { return false }
        if j < token.count, token[j] == UInt8(ascii: ".") {
            j += 1
            guard digits() > 0 else { return false }
        }
        if j < token.count, token[j] == UInt8(ascii: "e") || token[j] == UInt8(ascii: "E") {
            j += 1
            if j < token.count, token[j] == UInt8(ascii: "+") || token[j] == UInt8(ascii: "-") { j += 1 }
            guard digits() > 0 else { return false }
        }
        return j == token.count
    }

    /// The text of a JSON string token (quotes included), escapes resolved.
    static func string(_ token: ArraySlice<UInt8>) throws -> String {
        let body = token.dropFirst().dropLast()
        guard body.contains(UInt8(ascii: "\\")) else { return String(decoding: body, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var bytes: [UInt8] = []
        var j = body.startIndex
        func flush() {
            scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
            bytes.removeAll()
        }
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= body.endIndex, let v = UInt32(String(decoding: body[at ..< at + 4], as: UTF8.self), radix: 16) else {
                throw SyntaxError(offset: at, expected: "four hex digits")
            }
            return v
        }
        while j < body.endIndex {
            guard body[j] == UInt8(ascii: "\\") else { bytes.append(body[j]); j += 1; continue }
            guard j + 1 < body.endIndex else { throw SyntaxError(offset: j, expected: "an escape") }
            let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
            if let c = simple[body[j + 1]] {
                bytes.append(c)
                j += 2
                continue
            }
            guard body[j + 1] == UInt8(ascii: "u") else { throw SyntaxError(offset: j, expected: "a valid escape") }
            flush()
            var v = try hex4(j + 2)
            j += 6
            if (0xD800 ..< 0xDC00).contains(v), j + 1 < body.endIndex, body[j] == UInt8(ascii: "\\"), body[j + 1] == UInt8(ascii: "u") {
                let low = try hex4(j + 2)
                if (0xDC00 ..< 0xE000).contains(low) {
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    j += 6
                }
            }
            scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
        }
        flush()
        return String(scalars)
    }

    /// The nearest object holding the value at `path` and the value's pointer relative to it.
    static func nearestObject(_ path: [Step]) -> ([Step], String)? {
        objects(enclosing: path).first
    }

    /// Every object enclosing the value at `path`, nearest first, with the value's RFC 6901 pointer
    /// relative to it (`qsnrDB`, `values/3`).
    static func objects(enclosing path: [Step]) -> [([Step], String)] {
        path.indices.reversed().compactMap { j in
            guard case .key = path[j] else { return nil }
            let pointer = path[j...].map { step -> String in
                switch step {
                case let .key(k): return k.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                case let .index(n): return String(n)
                }
            }.joined(separator: "/")
            return (Array(path[..<j]), pointer)
        }
    }

    /// `text` with each range replaced by its bytes (ranges sorted by start, not overlapping).
    static func apply(_ edits: [(range: Range<Int>, bytes: [UInt8])], to text: [UInt8]) -> [UInt8] {
        guard !edits.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + edits.count * 32)
        var at = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            out += text[at ..< edit.range.lowerBound]
            out += edit.bytes
            at = edit.range.upperBound
        }
        return out + text[at...]
    }
}
