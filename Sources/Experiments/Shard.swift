/// A deterministic slice of a sweep for `--shard i/n`: the cells whose index mod n is i - 1, so
/// slices are balanced across the data and format axes and their union is the whole sweep.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    /// 1-based slice number and slice count.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else { throw SweepError.badShard("\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { throw SweepError.badShard(text) }
        do { try self.init(index: i, count: n) } catch { throw SweepError.badShard(text) }
    }

    /// True when the cell at `cellIndex` belongs to this slice.
    public func contains(_ cellIndex: Int) -> Bool { cellIndex % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}
