import Formats

/// What `quantlab verify` runs for one spec: element formats get the decode, edge and random check
/// (or, exhaustive, all 2^32 inputs per deterministic mode); scaled formats get `ScaledReferenceCheck`,
/// LLM-FP4's `fpq` `RealBiasReferenceCheck`.
public enum VerificationPlan {
    /// `edgeSample` bounds the edge inputs of element formats with many values (nil: all of them).
    public static func run(spec: String, modes: [RoundingMode], exhaustive: Bool, random: Int, seed: UInt64,
                           edgeSample: Int? = nil) throws -> [ReferenceCheckResult] {
        let format = try FormatRegistry.tensorFormat(spec)
        if let scaled = format as? ScaledFormat {
            if exhaustive {
                throw VerificationError.unsupported(spec, "--exhaustive covers element formats only (all 2^32 inputs of one element); "
                    + "a scaled format is checked on generated tensors: drop --exhaustive, or verify its element format exhaustively")
            }
            return [try ScaledReferenceCheck.check(scaled, modes: modes, randomCount: random, seed: seed)]
        }
        if let fpq = format as? RealBiasFloat {
            if exhaustive {
                throw VerificationError.unsupported(spec, "--exhaustive covers element formats only; fpq is checked on generated tensors, "
                    + "and its grid (fp:eXmY:b1:finite:sat) can be verified exhaustively")
            }
            return [try RealBiasReferenceCheck.check(fpq, modes: modes, randomCount: random, seed: seed)]
        }
        guard format is UnscaledFormat else {
            throw VerificationError.unsupported(spec, "no reference for this tensor format type")
        }
        if exhaustive {
            return try modes.filter { $0 != .stochastic }.map { try ReferenceCheck.exhaustive(format.element, mode: $0) }
        }
        return [try ReferenceCheck.check(spec: spec, modes: modes, randomCount: random, seed: seed, edgeSample: edgeSample)]
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
