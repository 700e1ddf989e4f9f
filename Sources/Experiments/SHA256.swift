import Crypto

/// SHA-256 (FIPS 180-4) through swift-crypto, in the forms QuantLab keys things by: the spec hash
/// printed in reports, cell keys (the names of cached results), content digests of data files and
/// the checksums of results. Digests are the standard ones, the same on every machine.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: bytes))
    }

    /// Lower-case hex digest of the UTF-8 bytes of `text`.
    public static func hex(_ text: String) -> String {
        hex(bytes: Array(text.utf8))
    }

    /// Lower-case hex digest of `bytes`.
    public static func hex(bytes: [UInt8]) -> String {
        hex(digest: digest(bytes))
    }

    /// Lower-case hex text of a digest.
    public static func hex<D: Sequence>(digest: D) -> String where D.Element == UInt8 {
        digest.map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    /// The first 8 digest bytes of `text` as a big-endian integer: a stable seed derived from a key.
    public static func seed(_ text: String) -> UInt64 {
        digest(Array(text.utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// An incremental digest, for bytes that arrive in pieces (a file read tensor by tensor).
    public struct Stream {
        private var hasher = Crypto.SHA256()
        public init() {}
        public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
        public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }
        /// The lower-case hex digest of everything added.
        public func finalize() -> String { SHA256.hex(digest: hasher.finalize()) }
    }
}
