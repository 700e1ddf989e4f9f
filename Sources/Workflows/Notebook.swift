import Foundation
import Tensors

/// A markdown notebook: prose with fenced ```` ```quantlab ```` blocks, each a YAML sweep spec
/// (a fragment: `title` is optional, and `seed` defaults to the notebook's first block seed or 0).
/// `NotebookRunner` runs every block and writes the executed copy.
public struct Notebook: Sendable {
    /// A run of prose lines, or a sweep block with the 1-based line of its first YAML line.
    public enum Segment: Sendable, Equatable {
        case prose(String)
        case block(yaml: String, line: Int)
    }

    public var path: String
    public var segments: [Segment]

    /// Splits `text` into prose and blocks. A block opens with a line of three or more backticks
    /// followed by `quantlab` and closes with a line of at least as many backticks.
    public init(text: String, path: String) throws {
        self.path = path
        var segments: [Segment] = []
        var prose: [String] = [], block: [String] = []
        var fence: String?, blockLine = 0
        let lines = text.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) && trimmed.allSatisfy({ $0 == "`" }) {
                    segments.append(.block(yaml: block.map { $0 + "\n" }.joined(), line: blockLine))
                    block = []
                    fence = nil
                } else {
                    block.append(line)
                }
                continue
            }
            let ticks = trimmed.prefix { $0 == "`" }
            if ticks.count >= 3, trimmed.dropFirst(ticks.count).trimmingCharacters(in: .whitespaces) == "quantlab" {
                if !prose.isEmpty { segments.append(.prose(prose.joined(separator: "\n"))) }
                prose = []
                fence = String(ticks)
                blockLine = i + 2
            } else {
                prose.append(line)
            }
        }
        if fence != nil {
            throw NotebookError(message: "\(path):\(blockLine - 1): quantlab block is never closed")
        }
        if !prose.isEmpty { segments.append(.prose(prose.joined(separator: "\n"))) }
        self.segments = segments
    }

    /// Reads the notebook at `path`.
    public init(path: String) throws {
        let bytes: [UInt8]
        do { bytes = try RegularFile.contents(atPath: path) } catch {
            throw NotebookError(message: "\(path): cannot read the notebook: \(RegularFile.problem(error))")
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw NotebookError(message: "\(path): the notebook is not UTF-8 text") }
        try self.init(text: text, path: path)
    }

    /// The base name without extension (`Notebooks-md/int-vs-fp.md` gives `int-vs-fp`).
    public var name: String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
}
