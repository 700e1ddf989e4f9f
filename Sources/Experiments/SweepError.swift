/// Every failure of a sweep: one line, naming the file, line and key where the spec is at fault.
public enum SweepError: Error, CustomStringConvertible, Equatable {
    /// A spec problem at `file:line`, under `key` (a dotted path such as `formats[2]`).
    case spec(file: String, line: Int, key: String, message: String)
    /// A file that could not be read or written.
    case io(path: String, reason: String)
    /// A cell that failed while running.
    case cell(index: Int, description: String, reason: String)
    /// A `--shard` argument that is not `i/n` with 1 <= i <= n.
    case badShard(String)
    /// Result files that do not make one complete sweep.
    case merge(String)

    public var description: String {
        switch self {
        case let .spec(file, line, key, message):
            return "\(file):\(line): \(key): \(message)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .cell(index, description, reason):
            return "cell \(index) (\(description)): \(reason)"
        case let .badShard(text):
            return "bad shard '\(text)': expected i/n with 1 <= i <= n, e.g. 2/4"
        case let .merge(reason):
            return "merge: \(reason)"
        }
    }
}
