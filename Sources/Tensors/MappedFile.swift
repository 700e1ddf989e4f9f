#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file (mmap(2), `PROT_READ`, `MAP_PRIVATE`), unmapped on deinit.
/// Readers parse the mapped bytes in place and convert only the tensors they return, so a large
/// checkpoint is never copied wholesale.
final class MappedFile {
    let path: String
    private let address: UnsafeMutableRawPointer?
    private let length: Int

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw TensorError.io(file: path, reason: Self.lastError("cannot open")) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TensorError.io(file: path, reason: Self.lastError("cannot stat")) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw TensorError.io(file: path, reason: "not a regular file") }
        length = Int(info.st_size)
        if length == 0 {
            address = nil
            return
        }
        let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else { throw TensorError.io(file: path, reason: Self.lastError("cannot map")) }
        address = mapped
    }

    deinit {
        if let address { munmap(address, length) }
    }

    /// Runs `body` over the mapped bytes; the buffer is valid only inside `body`.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: address, count: address == nil ? 0 : length))
    }

    static func lastError(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
