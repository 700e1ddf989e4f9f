#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where writing an output path leads, decided with lstat(2) before anything is written.
///
/// - A new path, or an existing regular file: written atomically (a temporary beside it, then
///   rename(2) over it); an existing file must be writable, and keeps its permission bits.
/// - A symbolic link to a regular file: the link's target is written (atomically, in the target's
///   folder); the link stays. A link to a missing file is refused.
/// - A character device or FIFO (`/dev/null`, `/dev/stdout`, a pipe), directly or through a link:
///   written through, in place (never replaced by rename, which would replace the device node).
/// - Anything else (a directory, a block device, a socket) is refused with one line saying what it is.
public enum OutputTarget: Equatable, Sendable {
    /// A regular file (existing or new) at this resolved path, with the mode to give it.
    case file(path: String, mode: mode_t)
    /// A character device or FIFO, written in place.
    case device(path: String)

    public static func resolve(_ path: String) throws -> OutputTarget {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else { throw TensorError.io(file: path, reason: ReadOnlyFile.lastError("cannot inspect")) }
            try checkFolder(of: path)
            return .file(path: path, mode: 0o644)
        }
        var resolved = path
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &info) == 0 else {
                throw TensorError.io(file: path, reason: "is a symbolic link to a missing file; refusing to write through it")
            }
            if (info.st_mode & S_IFMT) == S_IFREG {
                guard let real = realpath(path, nil) else { throw TensorError.io(file: path, reason: ReadOnlyFile.lastError("cannot resolve link")) }
                resolved = String(cString: real)
                free(real)
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard access(resolved, W_OK) == 0 else { throw TensorError.io(file: path, reason: "exists and is not writable") }
            return .file(path: resolved, mode: info.st_mode & 0o7777)
        case S_IFCHR, S_IFIFO:
            return .device(path: path)
        default:
            throw TensorError.io(file: path, reason: "is \(ReadOnlyFile.kind(info)); refusing to write to it (outputs are regular files, character devices or FIFOs)")
        }
    }

    /// The folder of a new file must exist, be a folder, and be writable.
    private static func checkFolder(of path: String) throws {
        let prefix = Self.folder(of: path)
        let folder = prefix.isEmpty ? "." : prefix.count > 1 ? String(prefix.dropLast()) : prefix
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw TensorError.io(file: path, reason: "folder '\(folder)' does not exist")
        }
        guard access(folder, W_OK) == 0 else { throw TensorError.io(file: path, reason: "folder '\(folder)' is not writable") }
    }

    /// `dir/` of `dir/name` (with the slash), or "" for a bare name.
    static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }
}
