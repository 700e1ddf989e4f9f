import Foundation
import Tensors

/// Content digests of data files, computed once per file version: an entry is reused while the
/// file's `FileStamp` (device, inode, size, mtime and ctime) is unchanged, so an unchanged rerun
/// reads no data at all, and any rewrite of the file is hashed again. Entries live in memory and,
/// with `file`, in a JSON index beside the results cache (`Reports/.cache/sources.json`), written
/// atomically; an unreadable index is ignored. Thread-safe.
public final class SourceIndex: @unchecked Sendable {
    /// The in-memory index of this process (no file).
    public static let shared = SourceIndex()

    struct Entry: Codable, Equatable {
        var stamp: FileStamp
        var content: SourceContent
    }

    public let file: String?
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// How many sources this index read and hashed (the rest came from stamps).
    private(set) var hashed = 0

    public init(file: String? = nil) {
        self.file = file
        if let file, let data = FileManager.default.contents(atPath: file),
           let stored = try? JSONDecoder().decode([String: Entry].self, from: data) {
            entries = stored
        }
    }

    /// The content of `source`: listed and hashed, or taken from the index when the file's stamp
    /// is the stored one. Throws the reader's error (with the file name), or `SweepError.io` when
    /// the file is missing or changes while it is read.
    public func content(of source: TensorSource) throws -> SourceContent {
        let path: String
        switch source {
        case .synthetic: return SourceContent(tensors: try source.inspect().tensors, digest: nil)
        case let .npy(p), let .safetensors(p, _): path = p
        }
        let key = source.description
        let before = try FileStamp(path: path)
        lock.lock()
        let known = entries[key]
        lock.unlock()
        if let known, known.stamp == before { return known.content }
        var stream = SHA256.Stream()
        let listing = try source.inspect { stream.update($0) }
        guard try FileStamp(path: path) == before else {
            throw SweepError.io(path: path, reason: "the file changed while it was read; try again once it is written")
        }
        let content = SourceContent(tensors: listing.tensors, skipped: listing.skipped, digest: stream.finalize())
        lock.lock()
        entries[key] = Entry(stamp: before, content: content)
        hashed += 1
        let snapshot = entries
        lock.unlock()
        if let file {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try? AtomicFile.write(try encoder.encode(snapshot), to: file)
        }
        return content
    }
}
