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
        let c = input
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
            do {
                let codes = try format.encode(c.values, shape: c.shape, mode: mode, seed: seed)
                decoded = try format.decode(codes, shape: c.shape)
                codesTensorScale = codes.tensorScale
            } catch { if fastError == nil { fastError = error } }
            result.inputsChecked += 2 * c.values.count

            guard let expected else {
                if fast != nil || decoded != nil {
                    record(&result, .buffer, 0, mode, 0, .nan, .nan,
                           "\(c.label): reference throws (\(referenceError.map { "\($0)" } ?? "?")) but the fast path does not")
                }
                continue
            }
            guard let fast, let decoded else {
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
                if !sameResult(decoded[i], expected[i]) {
                    record(&result, .roundTrip, c.values[i].bitPattern, mode, random, decoded[i], expected[i], where_ + " [encode/decode]")
                }
            }
            if format.tensorScale, !sameResult(codesTensorScale, tensorScale) {
                record(&result, .roundTrip, 0, mode, 0, codesTensorScale, tensorScale, "\(c.label): codes' tensor scale")
            }
        }
    }

    static func record(_ result: inout ReferenceCheckResult, _ kind: ReferenceMismatch.Kind, _ input: UInt32, _ mode: RoundingMode?,
                       _ random: UInt32, _ fast: Float, _ reference: Float, _ note: String) {
        if result.firstMismatches.count < ReferenceCheck.reportLimit { result.notes.append("mismatch: " + note) }
        result.record(.init(kind: kind, input: input, mode: mode, random: random, fast: fast, reference: reference))
    }
}
