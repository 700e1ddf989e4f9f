#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several output files published together, or none of them: a codes file with its scale files, a
/// report with its CSV, JSON and charts.
///
/// `stage` resolves each path (`OutputTarget`: links to their targets, refused directories) and
/// writes the bytes to a flushed temporary beside the target; nothing is visible yet. `publish`
/// renames every temporary over its target. A failure while staging (a refused path, a full disk)
/// leaves every target untouched: the set removes its temporaries when it is released unpublished.
/// A failure while renaming (rare: every temporary is already on its target's filesystem) undoes the
/// renames done so far: replaced files come back from hard-link backups taken just before, new
/// files are removed. Character devices and FIFOs in a set are written in place when publishing,
/// before any rename.
public final class AtomicFileSet {
    private struct Entry {
        var path: String
        var target: OutputTarget
        /// The staged temporary of a regular file; nil for a device.
        var temporary: String?
        /// The contents of a device, written when publishing.
        var pieces: [FilePiece]
    }

    private var entries: [Entry] = []
    private var published = false

    public init() {}

    deinit {
        if !published {
            for entry in entries { if let temp = entry.temporary { unlink(temp) } }
        }
    }

    /// The paths staged so far, in order.
    public var paths: [String] { entries.map(\.path) }

    /// Stages `bytes` for `path`; `path` shows nothing new until `publish`.
    public func stage(_ bytes: [UInt8], to path: String) throws {
        try stage([.bytes(bytes)], to: path)
    }

    /// Stages a file given in pieces for `path`.
    public func stage(_ pieces: [FilePiece], to path: String) throws {
        precondition(!published, "stage after publish")
        let target = try OutputTarget.resolve(path)
        switch target {
        case let .file(resolved, mode):
            let temp = try AtomicFileWriter.stage(pieces, beside: resolved, mode: mode, path: path)
            entries.append(Entry(path: path, target: target, temporary: temp, pieces: []))
        case .device:
            entries.append(Entry(path: path, target: target, temporary: nil, pieces: pieces))
        }
    }

    /// Renames every staged file into place (devices written first); all or nothing.
    public func publish() throws {
        precondition(!published, "publish twice")
        for entry in entries where entry.temporary == nil {
            try Self.writeInPlace(entry.pieces, path: entry.path)
        }
        let files = entries.compactMap { entry -> (path: String, target: String, temp: String)? in
            guard case let .file(target, _) = entry.target, let temp = entry.temporary else { return nil }
            return (entry.path, target, temp)
        }
        var done: [(target: String, backup: String?, existed: Bool)] = []
        for file in files {
            var backup: String?
            var existed = access(file.target, F_OK) == 0
            if files.count > 1 && existed {
                let path = AtomicFileWriter.temporaryPath(for: file.target)
                if link(file.target, path) == 0 { backup = path } else if errno == ENOENT { existed = false }
            }
            guard rename(file.temp, file.target) == 0 else {
                let error = ReadOnlyFile.lastError("cannot rename into place")
                if let backup { unlink(backup) }
                Self.undo(done)
                throw TensorError.io(file: file.path, reason: error)
            }
            done.append((file.target, backup, existed))
        }
        published = true
        for item in done { if let backup = item.backup { unlink(backup) } }
    }

    /// Puts back what the renames in `done` replaced: backups over their targets, new files removed.
    private static func undo(_ done: [(target: String, backup: String?, existed: Bool)]) {
        for item in done.reversed() {
            if let backup = item.backup {
                rename(backup, item.target)
            } else if !item.existed {
                unlink(item.target)
            }
        }
    }

    /// Writes to a character device or FIFO without creating, truncating or replacing it.
    private static func writeInPlace(_ pieces: [FilePiece], path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TensorError.io(file: path, reason: ReadOnlyFile.lastError("cannot open for writing")) }
        defer { close(fd) }
        guard FilePiece.write(pieces, to: fd) else { throw TensorError.io(file: path, reason: ReadOnlyFile.lastError("write failed")) }
    }
}
