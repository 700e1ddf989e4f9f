import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a prefix:
/// the bytes go to a temporary file beside the target (same filesystem), are flushed with fsync,
/// and the temporary is renamed over the target (rename(2) is atomic). On any failure the temporary
/// is removed and the target is untouched. Where the path leads (a link's target, a device written
/// in place, a refused directory) is `OutputTarget`'s rule; several files published together are an
/// `AtomicFileSet`.
public enum AtomicFileWriter {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write([.bytes(bytes)], to: path)
    }

    /// Writes a file given in pieces (float arrays go to the file straight from memory).
    public static func write(_ pieces: [FilePiece], to path: String) throws {
        let set = AtomicFileSet()
        try set.stage(pieces, to: path)
        try set.publish()
    }

    /// `dir/.name.tmp-<pid>-<random>` beside the target.
    static func temporaryPath(for path: String) -> String {
        let dir = OutputTarget.folder(of: path)
        let name = String(path.dropFirst(dir.count))
        return "\(dir).\(name)\(marker)\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }

    private static let marker = ".tmp-"

    /// Creates the temporary for `target` holding `pieces`, flushed to disk, with permission `mode`;
    /// returns its path. `path` names the output in errors.
    static func stage(_ pieces: [FilePiece], beside target: String, mode: mode_t, path: String) throws -> String {
        let temp = temporaryPath(for: target)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw TensorError.io(file: path, reason: ReadOnlyFile.lastError("cannot create temporary file")) }
        let written = FilePiece.write(pieces, to: fd)
        let writeError = written ? nil : ReadOnlyFile.lastError("write failed")
        let synced = written && fchmod(fd, mode) == 0 && fsync(fd) == 0
        let syncError = synced || !written ? nil : ReadOnlyFile.lastError("fsync failed")
        close(fd)
        if let error = writeError ?? syncError {
            unlink(temp)
            throw TensorError.io(file: path, reason: error)
        }
        return temp
    }

    /// Removes the temporaries that writers killed before renaming them left behind (`kill -9`):
    /// files named `.NAME.tmp-PID-RANDOM` whose PID is not a live process on this machine and that
    /// were last modified at least `minimumAge` seconds ago. A temporary of a live writer (any PID
    /// that exists) is never touched, and the age guards writers this machine cannot see (another
    /// host or PID namespace sharing the folder): a writer fills and renames its temporary within
    /// one write call. Returns the paths removed; unreadable folders are skipped.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String, recursive: Bool, minimumAge: Double = 600) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        var names: [(String, UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { names.append((name, entry.pointee.d_type)) }
        }
        closedir(dir)
        var removed: [String] = []
        let now = time(nil)
        for (name, _) in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if recursive { removed += removeStaleTemporaries(in: path, recursive: true, minimumAge: minimumAge) }
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFREG, let pid = writerPID(name), !isAlive(pid),
                  Double(now - info.st_mtim.tv_sec) >= minimumAge else { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    /// The PID in a temporary's name `.NAME.tmp-PID-RANDOM`, or nil for any other name.
    static func writerPID(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let range = name.range(of: marker, options: .backwards) else { return nil }
        let parts = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, UInt64(parts[1]) != nil, let pid = pid_t(parts[0]), pid > 0 else { return nil }
        return pid
    }

    private static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}

/// write(2) until every byte is written, retrying on EINTR; false on any other error.
func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
    guard let base = buffer.baseAddress else { return true }
    var offset = 0
    while offset < buffer.count {
        let n = write(fd, base + offset, buffer.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += n
    }
    return true
}
