import Foundation
import Formats

/// The cross-check of `fpq` (`RealBiasFloat`) against `RealBiasReference`, bit for bit (any NaN
/// equals any NaN; -0 and +0 differ), in every requested mode, on seeded random tensors (normal
/// values under group magnitudes from 2^-40 to 2^40) and edge tensors: ties of the grid (a group
/// whose amax is Qmax0, so that 2s = 2 and the midpoints of the grid are inputs), all-zero groups,
/// Inf and NaN, subnormal and near-FLT_MAX magnitudes.
public enum RealBiasReferenceCheck {
    public static func check(_ format: RealBiasFloat, modes: [RoundingMode] = RoundingMode.allCases, randomCount: Int = 1024,
                             seed: UInt64 = 1) throws -> ReferenceCheckResult {
        let start = Date()
        let reference = try RealBiasReference(format)
        var result = ReferenceCheckResult(format: format.name, modes: modes)
        let cases = try self.cases(format, reference: reference, randomCount: randomCount, seed: seed)
        for c in cases {
            for mode in modes {
                let expected = try reference.fakeQuantize(c.values, shape: c.shape, mode: mode, seed: seed)
                let fast = try format.fakeQuantize(c.values, shape: c.shape, mode: mode, seed: seed)
                for i in c.values.indices {
                    result.inputsChecked += 1
                    if !sameResult(fast[i], expected[i]) {
                        result.record(ReferenceMismatch(kind: .buffer, input: c.values[i].bitPattern, mode: mode, random: 0,
                                                        fast: fast[i], reference: expected[i]))
                        if result.mismatches <= ReferenceCheck.reportLimit { result.notes.append("\(c.label), element \(i)") }
                    }
                }
            }
        }
        result.seconds = Date().timeIntervalSince(start)
        result.notes.insert("\(cases.count) tensors (\(cases.map { $0.values.count }.reduce(0, +)) elements) per mode", at: 0)
        return result
    }

    /// Rows of `width` elements: a multiple of the block size (or 64), so every block is whole.
    static func cases(_ format: RealBiasFloat, reference: RealBiasReference, randomCount: Int, seed: UInt64) throws -> [ScaledCheckCase] {
        var width = 64
        if case let .block(size) = format.granularity { width = size * Swift.max(1, (64 + size - 1) / size) }
        var r = CheckRandom(seed: seed &+ 0xF90)
        var cases: [ScaledCheckCase] = []
        let rows = Swift.max(1, (randomCount + width - 1) / width)
        var random: [Float] = []
        for _ in 0 ..< rows {
            let magnitude = Float(sign: .plus, exponent: r.int(81) - 40, significand: 1)
            for _ in 0 ..< width { random.append(Float(r.normal()) * magnitude) }
        }
        cases.append(ScaledCheckCase(label: "random", values: random, shape: [rows, width]))

        // Ties: amax = Qmax0 (2s = 2 with factor 1), the other elements the midpoints of the doubled
        // grid 2v and the grid points themselves, both signs.
        let qmax0 = reference.qmax0.roundedToFloat32
        let grid = reference.grid.finiteValues.map { 2 * $0 }
        var ties: [Float] = []
        for (a, b) in zip(grid, grid.dropFirst()) { ties += [(a + b) / 2, a, -(a + b) / 2] }
        cases += rowsCase("ties", ties, first: qmax0, width: width)
        cases += rowsCase("zeros", [Float](repeating: 0, count: width), first: 0, width: width)
        cases += rowsCase("specials", [1, .infinity, -2, .nan, 0.5, -.infinity], first: 3, width: width)
        cases += rowsCase("tiny", (1 ... 32).map { Float(bitPattern: UInt32($0 * 37)) }, first: .leastNormalMagnitude, width: width)
        cases += rowsCase("huge", (1 ... 32).map { Float.greatestFiniteMagnitude / Float($0) }, first: .greatestFiniteMagnitude, width: width)
        return cases
    }

    /// `values` as one tensor of rows of `width`, each row opening with `first` (the group amax).
    static func rowsCase(_ label: String, _ values: [Float], first: Float, width: Int) -> [ScaledCheckCase] {
        var out: [Float] = []
        var pending = values[...]
        repeat {
            var row = [first] + pending.prefix(width - 1)
            pending = pending.dropFirst(width - 1)
            row += [Float](repeating: first / 3, count: width - row.count)
            out += row
        } while !pending.isEmpty
        return [ScaledCheckCase(label: label, values: out, shape: [out.count / width, width])]
    }
}
