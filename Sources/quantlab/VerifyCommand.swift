import ArgumentParser
import Formats
import Reference

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Cross-check the fast path against the exact MPFR reference, bit for bit.",
        discussion: """
        Without --exhaustive: every code (decode/encode), every edge input (code points, midpoints and \
        one float32 ulp either side, zeros, subnormals, overflow, Inf, NaN) and seeded random inputs over \
        all binades, in every rounding mode. With --exhaustive: all 2^32 float32 inputs of an element \
        format for each deterministic mode, on all cores. Scaled formats (mxfp4, nvfp4, int4/g128, ...) are \
        checked on random and edge tensors (zero, outlier, subnormal-scale, Inf/NaN and partial blocks) \
        against the exact scaled reference. With --random-specs N: N specs sampled (by --seed) from the \
        whole spec grammar, each refused by the parser or checked as above. Exits non-zero on any mismatch.
        """
    )

    @Option(help: "Format spec to verify (repeatable); omitted, every named format (element, then scaled; with --exhaustive, element only).")
    var format: [String] = []
    @Flag(help: "Check all 2^32 float32 inputs (element formats only).") var exhaustive = false
    @Option(help: "Rounding modes to check (repeatable); omitted, all.") var rounding: [String] = []
    @Option(help: "Random inputs per format and mode.") var random = 20_000
    @Option(help: "Seed for the random inputs and stochastic draws (and, with --random-specs, the specs).") var seed: UInt64 = 1
    @Option(name: .customLong("random-specs"), help: ArgumentHelp(
        "Instead of --format: N specs sampled from the whole spec grammar (element forms, options, scaled forms); each must be refused by the parser or agree with the reference.",
        valueName: "N")) var randomSpecs: Int?

    func run() throws {
        try CommandErrors.report {
            try ArgumentRange.check("--random", random, 0 ... 100_000_000)
            if let randomSpecs {
                try ArgumentRange.check("--random-specs", randomSpecs, 1 ... 100_000_000)
                guard format.isEmpty, !exhaustive else {
                    throw ArgumentRange.Invalid("--random-specs samples its own specs: drop --format and --exhaustive")
                }
                return try runRandomSpecs(randomSpecs)
            }
            let named = FormatRegistry.named.map(\.name) + (exhaustive ? [] : ScaledFormatSpec.named.map(\.name))
            let specs = format.isEmpty ? named : format
            let modes = try rounding.isEmpty ? RoundingMode.allCases : rounding.map { try RoundingMode(name: $0) }
            var failed = 0
            for spec in specs {
                let results = try VerificationPlan.run(spec: spec, modes: modes, exhaustive: exhaustive, random: random, seed: seed)
                for result in results {
                    print(result)
                    if !result.passed { failed += 1 }
                }
            }
            if failed > 0 { throw VerificationFailed(count: failed) }
        }
    }

    /// One line per sampled spec (`ok`, `refused` with the reason, or `FAIL` with the check), then
    /// the counts.
    func runRandomSpecs(_ count: Int) throws {
        let modes = try rounding.isEmpty ? RoundingMode.allCases : rounding.map { try RoundingMode(name: $0) }
        let summary = VerificationPlan.randomSpecs(count: count, seed: seed, modes: modes, random: random) { spec, form, outcome in
            switch outcome {
            case let .refused(reason): print("refused \(spec) [\(form.rawValue)]: \(reason)")
            case let .unverifiable(reason): print("FAIL \(spec) [\(form.rawValue)]: accepted, but the reference cannot check it: \(reason)")
            case let .checked(results):
                let checked = results.map(\.inputsChecked).reduce(0, +)
                if outcome.failed {
                    print("FAIL \(spec) [\(form.rawValue)]:")
                    for result in results where !result.passed { print(result) }
                } else {
                    print("ok \(spec) [\(form.rawValue)]: \(checked) checked, 0 mismatches")
                }
            }
        }
        print(summary)
        if summary.failed > 0 { throw VerificationFailed(count: summary.failed) }
    }

    struct VerificationFailed: Error, CustomStringConvertible {
        let count: Int
        var description: String { "\(count) check(s) found mismatches against the MPFR reference" }
    }
}
