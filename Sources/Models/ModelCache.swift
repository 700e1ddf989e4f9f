import Crypto
import Foundation

/// Where fetched models live: `$QUANTLAB_CACHE/models/FOLDER/` (default `~/.cache/quantlab`), and the
/// check that a cached model is complete and unchanged before any of its files is read.
public struct ModelCache: Sendable {
    public let root: String

    /// The cache root from `$QUANTLAB_CACHE`, else `$HOME/.cache/quantlab`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let dir = environment["QUANTLAB_CACHE"], !dir.isEmpty {
            root = dir
        } else {
            root = (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/quantlab"
        }
    }

    public init(root: String) { self.root = root }

    /// The folder of `manifest`'s files.
    public func folder(for manifest: ModelManifest) -> String { "\(root)/models/\(manifest.folder)" }

    /// The path of one of `manifest`'s files.
    public func path(_ file: String, of manifest: ModelManifest) -> String { "\(folder(for: manifest))/\(file)" }

    /// Checks that every pinned file is present with its SHA-256; returns the model folder.
    /// Throws `ModelError.missingFile` or `.hashMismatch` naming the first bad file and the fetch command.
    @discardableResult
    public func verified(_ manifest: ModelManifest) throws -> String {
        for file in manifest.files {
            let path = path(file.path, of: manifest)
            guard FileManager.default.fileExists(atPath: path) else {
                throw ModelError.missingFile(path: path, fetch: manifest.fetchCommand)
            }
            let digest = try Self.sha256(ofFile: path)
            guard digest == file.sha256 else {
                throw ModelError.hashMismatch(path: path, actual: digest, expected: file.sha256, fetch: manifest.fetchCommand)
            }
        }
        return folder(for: manifest)
    }

    /// Whether every pinned file is present (not hashed): used by tests to decide to skip.
    public func isPresent(_ manifest: ModelManifest) -> Bool {
        manifest.files.allSatisfy { FileManager.default.fileExists(atPath: path($0.path, of: manifest)) }
    }

    /// The lowercase hex SHA-256 of a file, read in 4 MiB pieces.
    public static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ModelError.badModelFile(path: path, reason: "cannot be opened")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = try handle.read(upToCount: 1 << 22) ?? Data()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// The lowercase hex SHA-256 of bytes in memory.
    public static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
