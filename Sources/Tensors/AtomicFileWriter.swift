#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a prefix:
/// the bytes go to a temporary file in the same directory (same filesystem), are flushed with
/// fsync, and the temporary is renamed over the target (rename(2) is atomic). On any failure the
/// temporary is removed and the target is untouched.
public enum AtomicFileWriter {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temp = temporaryPath(for: path)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw TensorError.io(file: path, reason: ReadOnlyFile.lastError("cannot create temporary file")) }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        let written = bytes.withUnsafeBytes { writeAll(fd, $0) }
        let writeError = written ? nil : ReadOnlyFile.lastError("write failed")
        let synced = written && fsync(fd) == 0
        let syncError = synced || !written ? nil : ReadOnlyFile.lastError("fsync failed")
        close(fd)
        if let error = writeError ?? syncError { throw TensorError.io(file: path, reason: error) }
        guard rename(temp, path) == 0 else { throw TensorError.io(file: path, reason: ReadOnlyFile.lastError("cannot rename into place")) }
        ok = true
    }

    /// `dir/.name.tmp-<pid>-<counter>` beside the target.
    private static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(dir).\(name).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }
}

/// write(2) until every byte is written, retrying on EINTR; false on any other error.
private func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
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
