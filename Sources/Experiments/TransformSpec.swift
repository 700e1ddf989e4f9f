import Transforms

/// A transform applied to the data before quantization, as named in a sweep:
/// `none`, `hadamard:K` (block-wise Walsh-Hadamard of size K), `hadamard:K:random` (with random
/// sign flips seeded from the sweep seed), `hadamard:full` and `hadamard:full:random` (whole rows).
public enum TransformSpec: Sendable, Hashable, CustomStringConvertible {
    case none
    /// `block` nil rotates whole rows.
    case hadamard(block: Int?, random: Bool)

    /// Parses a transform name; the error message lists the accepted forms.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let usage = "unknown transform '\(text)' (expected none, hadamard:K, hadamard:K:random, hadamard:full, hadamard:full:random)"
        if parts == ["none"] { self = .none; return }
        guard parts.first == "hadamard", parts.count == 2 || (parts.count == 3 && parts[2] == "random") else {
            throw SpecValueError(message: usage)
        }
        let block: Int?
        if parts[1] == "full" {
            block = nil
        } else if let k = Int(parts[1]), k > 0 {
            guard k & (k - 1) == 0 else { throw SpecValueError(message: "hadamard block size \(k) is not a power of two") }
            block = k
        } else {
            throw SpecValueError(message: usage)
        }
        self = .hadamard(block: block, random: parts.count == 3)
    }

    /// True for a Hadamard rotation.
    public var isRotation: Bool { self != .none }

    /// The canonical name, which parses back to this value.
    public var description: String {
        switch self {
        case .none: return "none"
        case let .hadamard(block, random): return "hadamard:" + (block.map(String.init) ?? "full") + (random ? ":random" : "")
        }
    }

    /// The rotation this transform performs with the sweep's seed; nil for `none`.
    public func rotation(seed: UInt64) throws -> HadamardRotation? {
        guard case let .hadamard(block, random) = self else { return nil }
        return try HadamardRotation(blockSize: block, signSeed: random ? seed : nil)
    }

    /// Why rows of `rowLength` cannot take this transform, or nil when they can.
    public func problem(rowLength: Int) -> String? {
        guard case let .hadamard(block, _) = self else { return nil }
        if let k = block {
            return rowLength % k == 0 ? nil : "rows of \(rowLength) are not a multiple of the Hadamard block \(k)"
        }
        return rowLength > 0 && rowLength & (rowLength - 1) == 0 ? nil : "rows of \(rowLength) are not a power of two (hadamard:full)"
    }
}
