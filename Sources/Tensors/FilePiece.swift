#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Part of a file's contents for the atomic writers: bytes, or float32 values stored little-endian
/// and written from the array's own memory (no second copy of a large tensor as a byte image).
public enum FilePiece: Sendable {
    case bytes([UInt8])
    case floats([Float])

    /// Writes every piece to `fd` in order; false on a write error (errno says which).
    static func write(_ pieces: [FilePiece], to fd: Int32) -> Bool {
        for piece in pieces {
            switch piece {
            case let .bytes(bytes):
                guard bytes.withUnsafeBytes({ writeAll(fd, $0) }) else { return false }
            case let .floats(values) where 1.littleEndian == 1:
                guard values.withUnsafeBytes({ writeAll(fd, $0) }) else { return false }
            case let .floats(values):
                for start in stride(from: 0, to: values.count, by: 1 << 16) {
                    var chunk: [UInt8] = []
                    for v in values[start ..< Swift.min(start + (1 << 16), values.count)] {
                        withUnsafeBytes(of: v.bitPattern.littleEndian) { chunk.append(contentsOf: $0) }
                    }
                    guard chunk.withUnsafeBytes({ writeAll(fd, $0) }) else { return false }
                }
            }
        }
        return true
    }
}
