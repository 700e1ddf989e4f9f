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
        format for each deterministic mode, on all cores. Scaled formats (mxfp4, nvfp4, int4/g128, ...) are         checked on random and edge tensors (zero, outlier, subnormal-scale, Inf/NaN and partial blocks)         against the exact scaled reference. Exits non-zero on any mismatch.
        """
    )

    @Option(help: "Format spec to verify (repeatable); omitted, every named format (element, then scaled; with --exhaustive, element only).")
    var format: [String] = []
    @Flag(help: "Check all 2^32 float32 inputs (element formats only).") var exhaustive = false
    @Option(help: "Rounding modes to check (repeatable); omitted, all.") var rounding: [String] = []
    @Option(help: "Random inputs per format and mode.") var random = 20_000
    @Option(help: "Seed for the random inputs and stochastic draws.") var seed: UInt64 = 1

    func run() throws {
        try CommandErrors.report {
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

    struct VerificationFailed: Error, CustomStringConvertible {
        let count: Int
        var description: String { "\(count) check(s) found mismatches against the MPFR reference" }
    }
}
