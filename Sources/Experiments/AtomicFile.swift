import Foundation

/// Atomic file writes: the bytes go to a temporary file in the target's directory, which is then
/// renamed over the target, so a reader (or an interrupted run) sees the old file or the whole new
/// one, never a prefix, and no temporary is left behind.
public enum AtomicFile {
    /// Writes `data` to `path`, creating the parent directories.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SweepError.io(path: directory.path, reason: "cannot create directory")
        }
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        guard FileManager.default.createFile(atPath: temp.path, contents: data) else {
            throw SweepError.io(path: path, reason: "cannot write temporary file")
        }
        guard rename(temp.path, path) == 0 else {
            unlink(temp.path)
            throw SweepError.io(path: path, reason: "cannot rename temporary file into place")
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
