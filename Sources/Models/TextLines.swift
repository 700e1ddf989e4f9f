import Foundation

/// The sentences of a text file: one per line (LF or CRLF line ends; a final line end is optional).
/// Every line must be valid UTF-8; the error names the first line that is not. A file with no
/// lines at all is an error; an empty line is a sentence (it embeds as [CLS] [SEP]).
public enum TextLines {
    public static func read(path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { throw ModelError.unreadableText(path: path, reason: "no such file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelError.unreadableText(path: path, reason: "cannot be read") }
        return try parse([UInt8](data), name: path)
    }

    public static func parse(_ bytes: [UInt8], name: String) throws -> [String] {
        guard !bytes.isEmpty else { throw ModelError.emptyText(path: name) }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return try lines.enumerated().map { index, line in
            var line = Array(line)
            if line.last == 0x0D { line.removeLast() }
            guard let text = String(validating: line, as: UTF8.self) else { throw ModelError.notUTF8(path: name, line: index + 1) }
            return text
        }
    }
}
