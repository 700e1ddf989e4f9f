import Foundation
import Tensors

/// Atomic file writes for reports and results: the parent folders are created, then
/// `Tensors.AtomicFileWriter` writes a temporary file beside the target, flushes it and renames it
/// over the target, so a reader (or an interrupted run) sees the old file or the whole new one,
/// never a prefix, and no temporary is left behind. A report's files are one `AtomicFileSet`:
/// published together, or none of them.
public enum AtomicFile {
    /// Writes `data` to `path`, creating the parent directories.
    public static func write(_ data: Data, to path: String) throws {
        try write([(path, data)])
    }

    /// Writes every file or none (`AtomicFileSet`), creating the parent directories.
    public static func write(_ files: [(path: String, data: Data)]) throws {
        let set = AtomicFileSet()
        for (path, data) in files {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw SweepError.io(path: directory.path, reason: "cannot create directory")
            }
            try set.stage([UInt8](data), to: path)
        }
        try set.publish()
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
