import Formats

/// `quantlab verify --random-specs N`: seeded samples of the whole spec grammar
/// (`FormatSpecSampler`); each spec is either refused by the parser with a `FormatError`, or
/// accepted and then checked against the reference as `run` checks it. An accepted spec that the
/// reference cannot check, or that mismatches, is a failure.
extension VerificationPlan {
    public enum SpecOutcome: Sendable {
        /// The parser refused the spec (the reason).
        case refused(String)
        /// Accepted and checked.
        case checked([ReferenceCheckResult])
        /// Accepted, but the reference threw (the error).
        case unverifiable(String)

        public var failed: Bool {
            switch self {
            case .refused: return false
            case let .checked(results): return results.contains { !$0.passed }
            case .unverifiable: return true
            }
        }
    }

    public struct RandomSpecsSummary: Sendable, CustomStringConvertible {
        public var sampled = 0, refused = 0, checked = 0, failed = 0
        /// Accepted specs per grammar production.
        public var acceptedByForm: [FormatSpecSampler.Form: Int] = [:]

        public var description: String {
            let forms = FormatSpecSampler.Form.allCases.map { "\($0.rawValue) \(acceptedByForm[$0] ?? 0)" }.joined(separator: ", ")
            return "\(sampled) random specs: \(checked) accepted and checked (\(failed) failed), \(refused) refused by the parser; "
                + "accepted per form: \(forms)"
        }
    }

    /// Samples `count` specs of `seed` and checks each; `report` sees every outcome as it comes.
    /// `edgeSample` bounds the edge inputs of wide element formats (see `ReferenceCheck.edgeInputs`).
    public static func randomSpecs(count: Int, seed: UInt64, modes: [RoundingMode], random: Int, largestElementBits: Int = 16,
                                   edgeSample: Int? = 256,
                                   report: (String, FormatSpecSampler.Form, SpecOutcome) -> Void = { _, _, _ in }) -> RandomSpecsSummary {
        var summary = RandomSpecsSummary()
        for (spec, form) in FormatSpecSampler.sample(count: count, seed: seed, largestElementBits: largestElementBits) {
            let outcome: SpecOutcome
            do {
                _ = try FormatRegistry.tensorFormat(spec)
                do {
                    outcome = .checked(try run(spec: spec, modes: modes, exhaustive: false, random: random, seed: seed, edgeSample: edgeSample))
                } catch {
                    outcome = .unverifiable("\(error)")
                }
            } catch {
                outcome = .refused("\(error)")
            }
            summary.sampled += 1
            if case .refused = outcome { summary.refused += 1 } else {
                summary.checked += 1
                summary.acceptedByForm[form, default: 0] += 1
            }
            if outcome.failed { summary.failed += 1 }
            report(spec, form, outcome)
        }
        return summary
    }
}
