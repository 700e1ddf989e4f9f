import Foundation

/// How much memory a command may plan to use, and the check that refuses work that would not fit
/// before it starts (instead of dying in the middle with "failed to allocate" or an OOM kill).
///
/// The limit is the smallest of: the machine's physical memory (`sysconf`), the cgroup limit of
/// this process (cgroup v2 `memory.max`, v1 `memory.limit_in_bytes`), and `QUANTLAB_MEMORY_LIMIT`
/// (bytes, or with a K/M/G/T suffix meaning KiB/MiB/GiB/TiB) when set and not empty. Estimates are what the
/// commands allocate for tensors (see README, "Memory"); the process itself adds tens of MB.
public struct MemoryBudget: Sendable, Equatable {
    /// Bytes available to plan with.
    public var limit: Int
    /// Where the limit comes from, for the error line.
    public var origin: String

    public init(limit: Int, origin: String) {
        self.limit = limit
        self.origin = origin
    }

    /// The budget of this process (read once per call).
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MemoryBudget {
        var best = MemoryBudget(limit: Int(sysconf(Int32(_SC_PHYS_PAGES))) &* Int(sysconf(Int32(_SC_PAGESIZE))), origin: "physical memory")
        for (path, origin) in [("/sys/fs/cgroup/memory.max", "cgroup memory.max"), ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "cgroup memory limit")] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let n = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), n < best.limit {
                best = MemoryBudget(limit: n, origin: origin)
            }
        }
        if let text = environment["QUANTLAB_MEMORY_LIMIT"], !text.isEmpty {
            guard let n = parseBytes(text) else {
                throw MemoryLimitError(message: "QUANTLAB_MEMORY_LIMIT='\(text)' is not a byte count (e.g. 8G, 512M, 1000000)")
            }
            if n < best.limit { best = MemoryBudget(limit: n, origin: "QUANTLAB_MEMORY_LIMIT") }
        }
        return best
    }

    /// Throws when `need` bytes exceed the limit; `what` says what needs them.
    public func check(_ need: Int, for what: String) throws {
        guard need > limit else { return }
        let hint = origin == "QUANTLAB_MEMORY_LIMIT" ? origin : "\(origin); QUANTLAB_MEMORY_LIMIT sets a lower one"
        throw MemoryLimitError(message: "\(what) needs about \(Self.text(need)), more than the \(Self.text(limit)) limit (\(hint))")
    }

    /// `8G`, `512M`, `64K`, `1T` (binary multiples) or plain bytes.
    static func parseBytes(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let last = t.last, let unit = units[last] {
            guard let n = Double(t.dropLast()), n >= 0, n * Double(unit) < 0x1p62 else { return nil }
            return Int(n * Double(unit))
        }
        guard let n = Int(t), n >= 0 else { return nil }
        return n
    }

    /// Bytes in GiB/MiB with one decimal (`16.0 GiB`).
    public static func text(_ bytes: Int) -> String {
        let b = Double(bytes)
        if b >= 0x1p30 { return String(format: "%.1f GiB", b / 0x1p30) }
        if b >= 0x1p20 { return String(format: "%.1f MiB", b / 0x1p20) }
        return "\(bytes) bytes"
    }
}

/// Work refused because it would not fit in memory: one line with the need and the limit.
public struct MemoryLimitError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
}
