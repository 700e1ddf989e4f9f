import Foundation

/// Formats added at run time by code that uses QuantLab as a library (in-tree formats are one line
/// in `FormatRegistry.named`). Registered names resolve like built-in ones, `:sat` included.
extension FormatRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered: [String: @Sendable () throws -> any ElementFormat] = [:]

    /// Registers `make` under `name`; a later registration of the same name replaces it.
    public static func register(_ name: String, _ make: @escaping @Sendable () throws -> any ElementFormat) {
        lock.lock(); defer { lock.unlock() }
        registered[name] = make
    }

    static func registeredFormat(_ name: String) -> (@Sendable () throws -> any ElementFormat)? {
        lock.lock(); defer { lock.unlock() }
        return registered[name]
    }

    /// Names registered at run time, sorted.
    public static var registeredNames: [String] {
        lock.lock(); defer { lock.unlock() }
        return registered.keys.sorted()
    }
}
