/// The header dictionary of an NPY file, read by a small strict parser.
///
/// NPY stores an ASCII (v1, v2) or UTF-8 (v3) Python literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and ending in
/// `\n`. Accepted grammar (whitespace allowed between tokens):
/// ```
/// dict  := '{' [ entry { ',' entry } [ ',' ] ] '}'
/// entry := string ':' ( string | 'True' | 'False' | tuple )
/// tuple := '(' ')' | '(' int ',' ')' | '(' int ( ',' int )+ [ ',' ] ')'    int := digits [ 'L' ]
/// ```
/// Strings are single- or double-quoted without escapes. Exactly the keys `descr` (string),
/// `fortran_order` (bool) and `shape` (tuple) must appear, each once. `(3)` is not a tuple (it is
/// the integer 3 in Python) and is rejected, as is anything after the closing brace but whitespace.
struct NPYHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    static let keys = ["descr", "fortran_order", "shape"]

    /// Builds the canonical header text numpy writes, without padding.
    var text: String {
        let dims = shape.map(String.init).joined(separator: ", ")
        let tuple = shape.count == 1 ? "(\(dims),)" : "(\(dims))"
        return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(tuple), }"
    }

    private enum Value {
        case string(String), bool(Bool), tuple([Int])
    }

    /// Parses the header bytes; `file` names the file in errors.
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> NPYHeader {
        var parser = Parser(bytes: bytes, file: file)
        var descr: String?, fortran: Bool?, shape: [Int]?
        try parser.expect(UInt8(ascii: "{"))
        while true {
            parser.skipSpace()
            if parser.consume(UInt8(ascii: "}")) { break }
            let key = try parser.string()
            guard keys.contains(key) else {
                throw parser.error("unexpected key '\(key)' (accepted: \(keys.joined(separator: ", ")))")
            }
            try parser.expect(UInt8(ascii: ":"))
            let value = try parser.value()
            switch (key, value) {
            case ("descr", .string(let s)) where descr == nil: descr = s
            case ("fortran_order", .bool(let b)) where fortran == nil: fortran = b
            case ("shape", .tuple(let t)) where shape == nil: shape = t
            default:
                throw parser.error("key '\(key)' is repeated or has the wrong type")
            }
            parser.skipSpace()
            if parser.consume(UInt8(ascii: ",")) { continue }
            try parser.expect(UInt8(ascii: "}"))
            break
        }
        parser.skipSpace()
        guard parser.atEnd else { throw parser.error("unexpected text after the closing brace") }
        guard let descr else { throw parser.error("missing key 'descr'") }
        guard let fortran else { throw parser.error("missing key 'fortran_order'") }
        guard let shape else { throw parser.error("missing key 'shape'") }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        let file: String
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        var current: UInt8? { atEnd ? nil : bytes[position] }

        func error(_ reason: String) -> TensorError {
            .badHeader(file: file, reason: "\(reason) at byte \(position) of the header")
        }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
        }

        mutating func consume(_ c: UInt8) -> Bool {
            guard current == c else { return false }
            position += 1
            return true
        }

        mutating func expect(_ c: UInt8) throws {
            skipSpace()
            guard consume(c) else { throw error("expected '\(Character(Unicode.Scalar(c)))'") }
        }

        mutating func string() throws -> String {
            skipSpace()
            guard let quote = current, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
                throw error("expected a quoted string")
            }
            position += 1
            let start = position
            while let c = current, c != quote {
                guard c != UInt8(ascii: "\\"), c != 0x0A else { throw error("escape or newline inside a string") }
                position += 1
            }
            guard !atEnd else { throw error("unterminated string") }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            position += 1
            return text
        }

        mutating func value() throws -> Value {
            skipSpace()
            switch current {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "("): return .tuple(try tuple())
            case UInt8(ascii: "["): throw error("structured (record) dtypes are unsupported")
            default:
                if word("True") { return .bool(true) }
                if word("False") { return .bool(false) }
                throw error("expected a string, True, False or a tuple")
            }
        }

        private mutating func word(_ w: String) -> Bool {
            let utf8 = Array(w.utf8)
            guard bytes.count - position >= utf8.count, bytes[position..<(position + utf8.count)].elementsEqual(utf8) else {
                return false
            }
            position += utf8.count
            return true
        }

        private mutating func tuple() throws -> [Int] {
            position += 1  // '('
            var items: [Int] = []
            var trailingComma = false
            while true {
                skipSpace()
                if consume(UInt8(ascii: ")")) { break }
                items.append(try integer())
                skipSpace()
                trailingComma = consume(UInt8(ascii: ","))
                if !trailingComma {
                    try expect(UInt8(ascii: ")"))
                    break
                }
            }
            guard items.count != 1 || trailingComma else { throw error("'(n)' is not a tuple; write '(n,)'") }
            return items
        }

        private mutating func integer() throws -> Int {
            let start = position
            while let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { position += 1 }
            guard position > start else { throw error("expected a non-negative integer dimension") }
            let digits = String(decoding: bytes[start..<position], as: UTF8.self)
            _ = consume(UInt8(ascii: "L"))  // Python 2 long suffix, as in old numpy files
            guard let n = Int(digits) else { throw error("dimension \(digits) is too large") }
            return n
        }
    }
}
