#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The quick check of a file's identity and version, from stat(2): device and inode (which file),
/// size, and modification and status-change times to the nanosecond (which version). Any write
/// changes the mtime and the ctime, and the ctime cannot be set back by a user (utimensat sets
/// only atime and mtime), so an equal stamp means the bytes were not rewritten in between.
struct FileStamp: Codable, Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: [Int64]
    var changed: [Int64]

    /// The stamp of the file at `path`; throws naming the path when it is missing or cannot be stat'ed.
    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw SpecValueError(message: "file '\(path)' does not exist") }
            throw SweepError.io(path: path, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Glibc)
        modified = [Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)]
        changed = [Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec)]
        #else
        modified = [Int64(info.st_mtimespec.tv_sec), Int64(info.st_mtimespec.tv_nsec)]
        changed = [Int64(info.st_ctimespec.tv_sec), Int64(info.st_ctimespec.tv_nsec)]
        #endif
    }
}
