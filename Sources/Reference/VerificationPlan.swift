import Formats

/// What `quantlab verify` runs for one spec: element formats get the decode, edge and random check
/// (or, exhaustive, all 2^32 inputs per deterministic mode); scaled formats get `ScaledReferenceCheck`.
public enum VerificationPlan {
    public static func run(spec: String, modes: [RoundingMode], exhaustive: Bool, random: Int, seed: UInt64) throws -> [ReferenceCheckResult] {
        let format = try FormatRegistry.tensorFormat(spec)
        guard format is UnscaledFormat else {
            throw VerificationError.unsupported(spec, "scaled formats are verified by the scaled reference check")
        }
        if exhaustive {
            return try modes.filter { $0 != .stochastic }.map { try ReferenceCheck.exhaustive(format.element, mode: $0) }
        }
        return [try ReferenceCheck.check(spec: spec, modes: modes, randomCount: random, seed: seed)]
    }
}

public enum VerificationError: Error, CustomStringConvertible {
    case unsupported(String, String)
    public var description: String {
        switch self {
        case let .unsupported(spec, why): return "cannot verify '\(spec)': \(why)"
        }
    }
}
