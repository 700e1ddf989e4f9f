import Transforms

/// A transform applied to the data before quantization, as named in a sweep:
/// `none`, `hadamard:K` (block-wise Walsh-Hadamard of size K), `hadamard:K:random` (with random
/// sign flips seeded from the sweep seed), `hadamard:full` and `hadamard:full:random` (whole rows);
/// `...:random:SEED` seeds the signs with SEED instead of the sweep seed.
public enum TransformSpec: Sendable, Hashable, CustomStringConvertible {
    case none
    /// `block` nil rotates whole rows; `signSeed` nil seeds random signs from the sweep seed.
    case hadamard(block: Int?, random: Bool, signSeed: UInt64? = nil)

    /// Parses a transform name; the error message lists the accepted forms.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let usage = "unknown transform '\(text)' (expected none, hadamard:K, hadamard:K:random, hadamard:full, hadamard:full:random, or ...:random:SEED)"
        if parts == ["none"] { self = .none; return }
        guard parts.first == "hadamard", parts.count == 2 || (parts.count >= 3 && parts.count <= 4 && parts[2] == "random") else {
            throw SpecValueError(message: usage)
        }
        var signSeed: UInt64?
        if parts.count == 4 {
            guard let s = UInt64(parts[3]) else { throw SpecValueError(message: "random-sign seed '\(parts[3])' in '\(text)' is not a non-negative integer") }
            signSeed = s
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
        self = .hadamard(block: block, random: parts.count >= 3, signSeed: signSeed)
    }

    /// The canonical name, which parses back to this value.
    public var description: String {
        switch self {
        case .none: return "none"
        case let .hadamard(block, random, signSeed):
            return "hadamard:" + (block.map(String.init) ?? "full") + (random ? ":random" : "") + (signSeed.map { ":\($0)" } ?? "")
        }
    }

    /// The rotation this transform performs with the sweep's seed; nil for `none`.
    public func rotation(seed: UInt64) throws -> HadamardRotation? {
        guard case let .hadamard(block, random, signSeed) = self else { return nil }
        return try HadamardRotation(blockSize: block, signSeed: random ? signSeed ?? seed : nil)
    }

    /// Why rows of `rowLength` cannot take this transform, or nil when they can.
    public func problem(rowLength: Int) -> String? {
        guard case let .hadamard(block, _, _) = self else { return nil }
        if let k = block {
            return rowLength % k == 0 ? nil : "rows of \(rowLength) are not a multiple of the Hadamard block \(k)"
        }
        return rowLength > 0 && rowLength & (rowLength - 1) == 0 ? nil : "rows of \(rowLength) are not a power of two (hadamard:full)"
    }
}
