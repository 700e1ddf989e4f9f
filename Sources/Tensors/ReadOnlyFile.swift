#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open regular file, read with pread(2) into buffers the caller owns.
///
/// Never memory-mapped: a mapped file that shrinks (`np.save` rewriting a checkpoint while it is
/// read) faults with SIGBUS; a short pread is an ordinary error instead. The path is checked to be a
/// regular file before it is opened (opening a FIFO blocks until a writer comes) and opened with
/// `O_NONBLOCK`, so a path swapped for a FIFO in between cannot block either; the opened file must
/// be the one that was checked (same device and inode). Size, inode and modification time are
/// recorded at open: a read that ends before the recorded size, or a `checkUnchanged()` that finds
/// them different, throws "file changed while reading".
final class ReadOnlyFile: ByteSource {
    let name: String
    let size: Int
    private let fd: Int32
    private let identity: Identity

    /// What must stay the same while the file is read.
    private struct Identity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

        init(_ s: stat) {
            device = UInt64(s.st_dev); inode = UInt64(s.st_ino); size = Int64(s.st_size)
            seconds = Int(s.st_mtim.tv_sec); nanoseconds = Int(s.st_mtim.tv_nsec)
        }
    }

    init(path: String) throws {
        name = path
        var before = stat()
        guard stat(path, &before) == 0 else { throw TensorError.io(file: path, reason: Self.lastError("cannot open")) }
        try Self.requireRegular(before, path: path)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw TensorError.io(file: path, reason: Self.lastError("cannot open")) }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else {
            let error = Self.lastError("cannot stat")
            close(fd)
            throw TensorError.io(file: path, reason: error)
        }
        let identity = Identity(opened)
        guard (opened.st_mode & S_IFMT) == S_IFREG, identity.device == Identity(before).device, identity.inode == Identity(before).inode else {
            close(fd)
            throw Self.changed(path, "it was replaced while being opened")
        }
        self.fd = fd
        self.identity = identity
        size = Int(opened.st_size)
    }

    deinit { close(fd) }

    /// Fills `buffer` with the bytes at `offset`; throws if the file ends first.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        guard let base = buffer.baseAddress else { return }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw TensorError.io(file: name, reason: Self.lastError("read failed at byte \(offset + done)"))
            }
            guard n > 0 else {
                throw Self.changed(name, "it ended at byte \(offset + done) of the \(size) it had when opened")
            }
            done += n
        }
    }

    /// Throws unless size, inode and modification time are those recorded at open.
    func checkUnchanged() throws {
        var now = stat()
        guard fstat(fd, &now) == 0 else { throw TensorError.io(file: name, reason: Self.lastError("cannot stat")) }
        let current = Identity(now)
        guard current == identity else {
            let what = current.size != identity.size ? "its size went from \(identity.size) to \(current.size) bytes" : "it was modified"
            throw Self.changed(name, what)
        }
    }

    /// Throws naming the kind of file unless `info` describes a regular file.
    static func requireRegular(_ info: stat, path: String) throws {
        guard (info.st_mode & S_IFMT) != S_IFREG else { return }
        throw TensorError.io(file: path, reason: "is \(kind(info)), not a regular file")
    }

    /// "a FIFO", "a directory", ... for the file type in `info`.
    static func kind(_ info: stat) -> String {
        let kinds: [(mode_t, String)] = [
            (S_IFREG, "a regular file"), (S_IFIFO, "a FIFO"), (S_IFDIR, "a directory"), (S_IFCHR, "a character device"),
            (S_IFBLK, "a block device"), (S_IFSOCK, "a socket"), (S_IFLNK, "a symbolic link"),
        ]
        return kinds.first { $0.0 == info.st_mode & S_IFMT }?.1 ?? "of unknown type"
    }

    static func changed(_ path: String, _ what: String) -> TensorError {
        .io(file: path, reason: "file changed while reading (\(what))")
    }

    static func lastError(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}

/// Whole-file reads of the text inputs (sweep specs, notebooks, results files) with the same rules
/// as the tensor readers: regular files only (a FIFO is refused instead of blocking), pread, and an
/// error if the file changes while it is read.
public enum RegularFile {
    /// The bytes of the regular file at `path`; throws `TensorError.io` naming the file.
    public static func contents(atPath path: String) throws -> [UInt8] {
        let file = try ReadOnlyFile(path: path)
        let bytes = try file.bytes(at: 0, count: file.size)
        try file.checkUnchanged()
        return bytes
    }

    /// Why the file at `path` cannot be read as a regular file, in words, or nil if it can.
    public static func problem(_ error: Error) -> String {
        if case let TensorError.io(_, reason) = error { return reason }
        return "\(error)"
    }
}
