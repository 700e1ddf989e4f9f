import Foundation
import Formats

/// The cross-check of a scaled format's fast path against `ScaledReference`, bit for bit (any NaN
/// equals any NaN; -0 and +0 differ), on the tensors of `cases(for:randomCount:seed:)`, in every
/// requested mode:
/// - `buffer` mismatches: `ScaledFormat.fakeQuantize` against the reference;
/// - `roundTrip` mismatches: `decode(encode(x))` against the reference (and, two-level, the codes'
///   tensor scale against the reference's `t`, reported with input 0);
/// - an error on one side only (scale overflow, shape) is a mismatch too (input 0, NaN values) with a
///   note; errors on both sides agree.
/// Each mismatch of the first `reportLimit` adds a note naming the tensor, element and group.
/// Fast-path calls known to trap in checked builds are not made (`fastPathTraps`: the `even` rule on
/// a subnormal amax; `ScaledFormat.encode` of bipolar elements with a non-finite group): each counts
/// as a mismatch with a note, so the check reports them instead of crashing.
public enum ScaledReferenceCheck {
    /// A spec as `FormatRegistry.tensorFormat` parses it; it must be scaled.
    public static func check(spec: String, modes: [RoundingMode] = RoundingMode.allCases,
                             randomCount: Int = 1024, seed: UInt64 = 1) throws -> ReferenceCheckResult {
        guard let format = try FormatRegistry.tensorFormat(spec) as? ScaledFormat else {
            throw ScaledReferenceError.unsupported("'\(spec)' is not a scaled format")
        }
        return try check(format, modes: modes, randomCount: randomCount, seed: seed)
    }

    public static func check(_ format: ScaledFormat, modes: [RoundingMode] = RoundingMode.allCases,
                             randomCount: Int = 1024, seed: UInt64 = 1, extra: [ScaledCheckCase] = []) throws -> ReferenceCheckResult {
        let reference = try ScaledReference(format)
        return check(format, reference: reference, cases: cases(for: reference, randomCount: randomCount, seed: seed) + extra,
                     modes: modes, seed: seed)
    }

    /// Runs the given tensors.
    public static func check(_ format: ScaledFormat, reference: ScaledReference, cases: [ScaledCheckCase],
                             modes: [RoundingMode], seed: UInt64) -> ReferenceCheckResult {
        let start = Date()
        var result = ReferenceCheckResult(format: format.name, modes: modes)
        for c in cases {
            compare(format, reference, c, modes: modes, seed: seed, into: &result)
        }
        result.seconds = Date().timeIntervalSince(start)
        result.notes.insert("\(cases.count) tensors (\(cases.map { $0.values.count }.reduce(0, +)) elements) per mode", at: 0)
        return result
    }

    static func compare(_ format: ScaledFormat, _ reference: ScaledReference, _ input: ScaledCheckCase,
                        modes: [RoundingMode], seed: UInt64, into result: inout ReferenceCheckResult) {
        var c = input
        let traps = fastPathTraps(format, reference, c)
        if !traps.isEmpty {
            // One mismatch per trapping group; the rest of the tensor runs with those groups zeroed.
            let layout = try? ScaledReferenceLayout(format.granularity, shape: c.shape, count: c.values.count)
            for trap in traps {
                record(&result, .buffer, trap.amax.bitPattern, nil, 0, .nan, .nan,
                       "\(c.label): group \(trap.group) not run: the fast path traps (arithmetic overflow) in checked builds: \(trap.why)")
            }
            let zeroed = Set(traps.map(\.group))
            for i in c.values.indices where zeroed.contains(layout?.groupOf[i] ?? -1) { c.values[i] = 0 }
            c.label += " (trapping groups zeroed)"
        }
        // The clipping ratio depends on the tensor only: the reference's once per tensor.
        var ratio: Float?
        var referenceError: Error?
        do { ratio = try reference.clippingRatio(c.values, shape: c.shape) } catch { referenceError = error }
        for mode in modes {
            var expected: [Float]?, tensorScale: Float = 1
            if let ratio {
                do {
                    let (out, s) = try reference.quantizeWithScales(c.values, shape: c.shape, mode: mode, seed: seed, ratio: ratio)
                    expected = out; tensorScale = s.tensorScale
                } catch { referenceError = error }
            }
            var fast: [Float]?, fastError: Error?
            do { fast = try format.fakeQuantize(c.values, shape: c.shape, mode: mode, seed: seed) } catch { fastError = error }
            var decoded: [Float]?, codesTensorScale: Float = 1
            // ScaledFormat.encode passes NaN to element.encode(rounded:) for a NaN-scale group, and
            // BipolarInt.encode(rounded:) converts it to Int (a trap): not run, counted as a mismatch.
            let encodeTraps = format.element is BipolarInt && c.values.contains { !$0.isFinite }
            if encodeTraps {
                record(&result, .roundTrip, 0, mode, 0, .nan, .nan,
                       "\(c.label): encode/decode not run: ScaledFormat.encode traps (BipolarInt.encode(rounded: .nan) converts NaN to Int) on a group holding Inf/NaN")
            } else { do {
                let codes = try format.encode(c.values, shape: c.shape, mode: mode, seed: seed)
                decoded = try format.decode(codes, shape: c.shape)
                codesTensorScale = codes.tensorScale
            } catch { if fastError == nil { fastError = error } } }
            result.inputsChecked += 2 * c.values.count

            guard let expected else {
                if fast != nil || decoded != nil {
                    record(&result, .buffer, 0, mode, 0, .nan, .nan,
                           "\(c.label): reference throws (\(referenceError.map { "\($0)" } ?? "?")) but the fast path does not")
                }
                continue
            }
            guard let fast, let decoded = decoded ?? (encodeTraps ? fast : nil) else {
                record(&result, .buffer, 0, mode, 0, .nan, .nan,
                       "\(c.label): fast path throws (\(fastError.map { "\($0)" } ?? "?")) but the reference does not")
                continue
            }
            let layout = try? ScaledReferenceLayout(format.granularity, shape: c.shape, count: c.values.count)
            for i in c.values.indices {
                let random = mode == .stochastic ? StochasticBits.bits(seed: seed, index: i) : 0
                let where_ = "\(c.label): element \(i) (group \(layout?.groupOf[i] ?? -1)) x = \(c.values[i])"
                if !sameResult(fast[i], expected[i]) {
                    record(&result, .buffer, c.values[i].bitPattern, mode, random, fast[i], expected[i], where_ + " [fakeQuantize]")
                }
                if !encodeTraps, !sameResult(decoded[i], expected[i]) {
                    record(&result, .roundTrip, c.values[i].bitPattern, mode, random, decoded[i], expected[i], where_ + " [encode/decode]")
                }
            }
            if format.tensorScale, !encodeTraps, !sameResult(codesTensorScale, tensorScale) {
                record(&result, .roundTrip, 0, mode, 0, codesTensorScale, tensorScale, "\(c.label): codes' tensor scale")
            }
        }
    }

    /// Inputs on which the current fast path traps in a checked (debug) build, so that one bad
    /// tensor does not take the whole check (or test process) down: `ScaleRule.calculator` takes
    /// `Float.exponent` of 0 (`Int.min`) and subtracts `emax > 0` from it when, with the `even` rule,
    /// the bit-pattern rounding `roundSignificand` of a subnormal amax gives 0 (amax bits <= 2^(22 - M),
    /// e.g. amax = 2^-130 with E2M1). (`rceil` adds 1 to `Int.min` there: no trap, and the clip to
    /// -127 gives the definition's result.)
    /// Each such group counts as a mismatch (input: the group's amax) and is zeroed for the rest of the
    /// comparison.
    static func fastPathTraps(_ format: ScaledFormat, _ reference: ScaledReference, _ c: ScaledCheckCase) -> [(group: Int, amax: Float, why: String)] {
        guard case .powerOfTwo(.even) = format.scale, !format.asymmetric, reference.elementExponent > 0,
              let layout = try? ScaledReferenceLayout(format.granularity, shape: c.shape, count: c.values.count) else { return [] }
        var traps: [(group: Int, amax: Float, why: String)] = []
        var amax = [Float](repeating: 0, count: layout.groupCount), bad = [Bool](repeating: false, count: layout.groupCount)
        for (i, x) in c.values.enumerated() {
            if x.isFinite { amax[layout.groupOf[i]] = Swift.max(amax[layout.groupOf[i]], Swift.abs(x)) } else { bad[layout.groupOf[i]] = true }
        }
        let ratios: [Float]
        switch format.clipping {
        case .absmax: ratios = [1]
        case let .ratio(r): ratios = [r]
        case .mseSearch: ratios = ScaledFormat.clippingGrid
        }
        let m = reference.mantissaBits ?? 23
        for g in 0 ..< layout.groupCount where !bad[g] && amax[g] > 0 {
            for r in ratios where traps.last?.group != g {
                let a = Float32Arithmetic.multiply(amax[g], r)
                guard a > 0 else { continue }
                if m < 23, a.bitPattern <= UInt32(1) << (22 - m) {
                    traps.append((g, a, "rule even: roundSignificand(amax = \(a), bits: \(m)) is 0; its exponent is Int.min"))
                }
            }
        }
        return traps
    }

    static func record(_ result: inout ReferenceCheckResult, _ kind: ReferenceMismatch.Kind, _ input: UInt32, _ mode: RoundingMode?,
                       _ random: UInt32, _ fast: Float, _ reference: Float, _ note: String) {
        if result.firstMismatches.count < ReferenceCheck.reportLimit { result.notes.append("mismatch: " + note) }
        result.record(.init(kind: kind, input: input, mode: mode, random: random, fast: fast, reference: reference))
    }
}
