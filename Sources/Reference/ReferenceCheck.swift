import Foundation
import Formats

/// The cross-check of the fast path (Formats) against the MPFR reference, bit for bit (any NaN
/// equals any NaN; -0 and +0 differ). Used by the tests and by `quantlab verify`.
///
/// - `decode`: every code's `decode` against the reference value of the code, and `encode` of that
///   value back to the code.
/// - `edges`: the edge inputs (`edgeInputs`) plus seeded random inputs, every requested mode, through
///   the per-element path, the buffer path and the encode/decode round trip.
/// - `exhaustive`: all 2^32 float32 inputs for one mode (see `ReferenceCheck+Exhaustive`).
public enum ReferenceCheck {
    /// How many mismatches a result keeps for printing.
    public static let reportLimit = 10

    /// `decode` + `edges` for a format spec (as `FormatRegistry.element` parses it).
    public static func check(spec: String, modes: [RoundingMode] = RoundingMode.allCases,
                             randomCount: Int = 20_000, seed: UInt64 = 1,
                             edgeSample: Int? = nil) throws -> ReferenceCheckResult {
        let format = try FormatRegistry.element(spec)
        var result = try decode(format)
        result.merge(try edges(format, modes: modes, randomCount: randomCount, seed: seed, edgeSample: edgeSample))
        return ReferenceCheckResult(format: format.info.name, modes: modes).merged(result)
    }

    /// Every code: `decode(code)` equals the reference value; a non-NaN value encodes back to its code.
    public static func decode(_ format: any ElementFormat) throws -> ReferenceCheckResult {
        let start = Date()
        let reference = try ReferenceRounding(format)
        var result = ReferenceCheckResult(format: format.info.name, modes: [])
        for code in 0 ..< UInt32(1 << format.bits) {
            let expected = reference.value(ofCode: code)
            let fast = format.decode(code)
            result.inputsChecked += 1
            if !sameResult(fast, expected) {
                result.record(.init(kind: .decode, input: code, mode: nil, random: 0, fast: fast, reference: expected))
            }
            guard !expected.isNaN else { continue }
            let back = format.encode(rounded: expected)
            result.inputsChecked += 1
            if back != code {
                result.record(.init(kind: .encode, input: code, mode: nil, random: 0,
                                    fast: Float(bitPattern: back), reference: Float(bitPattern: code)))
            }
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// Edge and random inputs through every path, for each mode. Input `i` draws
    /// `StochasticBits.bits(seed: seed, index: i)`, as the buffer path does.
    public static func edges(_ format: any ElementFormat, modes: [RoundingMode] = RoundingMode.allCases,
                             randomCount: Int = 20_000, seed: UInt64 = 1,
                             edgeSample: Int? = nil) throws -> ReferenceCheckResult {
        let start = Date()
        let reference = try ReferenceRounding(format)
        let inputs = edgeInputs(reference, sample: edgeSample, seed: seed)
            + randomInputs(reference, count: randomCount, seed: seed)
        var result = ReferenceCheckResult(format: format.info.name, modes: modes)
        var buffer = [Float](repeating: 0, count: inputs.count)
        for mode in modes {
            inputs.withUnsafeBufferPointer { src in
                buffer.withUnsafeMutableBufferPointer { dst in
                    format.quantize(src, into: dst, mode: mode, seed: seed, indexOffset: 0)
                }
            }
            for (i, x) in inputs.enumerated() {
                let random = mode == .stochastic ? StochasticBits.bits(seed: seed, index: i) : 0
                let expected = reference.round(x, mode: mode, random: random)
                let fast = format.quantize(x, mode: mode, random: random)
                let bits = x.bitPattern
                if !sameResult(fast, expected) {
                    result.record(.init(kind: .quantize, input: bits, mode: mode, random: random, fast: fast, reference: expected))
                }
                if !sameResult(buffer[i], expected) {
                    result.record(.init(kind: .buffer, input: bits, mode: mode, random: random, fast: buffer[i], reference: expected))
                }
                let back = format.decode(format.encode(rounded: expected))
                if !sameResult(back, expected) {
                    result.record(.init(kind: .roundTrip, input: bits, mode: mode, random: random, fast: back, reference: expected))
                }
                result.inputsChecked += 3
            }
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }
}

extension ReferenceCheckResult {
    func merged(_ other: ReferenceCheckResult) -> ReferenceCheckResult {
        var r = self
        r.merge(other)
        return r
    }
}
