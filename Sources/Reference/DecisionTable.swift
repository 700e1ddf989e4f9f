import Formats

/// The exact rounding of every float32 input for one format and one non-stochastic mode, as a
/// sorted list of segments of float32 bit patterns with a constant result, derived from the MPFR
/// reference (never from the fast path).
///
/// Within each sign half, between zero and infinity, (`0x0000_0000 ... 0x7F80_0000` is `+0 ... +Inf`, `0x8000_0000 ... 0xFF80_0000`
/// is `-0 ... -Inf`) the float32 order is the order of |x|, and a rounding maps each result to an
/// interval of inputs (monotone rounding; overflow and Inf give the one overflow result). So the
/// table is found by bisection: a bit range whose two ends round to the same result is one
/// segment, otherwise it is split; that is `O(segments × 32)` reference roundings, computed once.
/// NaN inputs (the rest) form their own segments.
public struct DecisionTable: Sendable {
    /// Segment `i` covers bit patterns `starts[i] ..< starts[i + 1]` (the last up to 2^32).
    public let starts: [UInt32]
    public let results: [Float]

    /// Builds the table for `mode` (not stochastic) with the reference.
    public init(_ reference: ReferenceRounding, mode: RoundingMode) {
        precondition(mode != .stochastic, "the decision table has no stochastic mode")
        var starts: [UInt32] = [], results: [Float] = []
        func ref(_ bits: UInt32) -> Float { reference.round(Float(bitPattern: bits), mode: mode) }
        func append(_ start: UInt32, _ r: Float) {
            if let last = results.last, sameResult(last, r) { return }
            starts.append(start); results.append(r)
        }
        /// Appends the segments of `[a, b]` given `ra = ref(a)`, `rb = ref(b)`; `a`'s segment is open.
        func bisect(_ a: UInt32, _ b: UInt32, _ ra: Float, _ rb: Float) {
            if sameResult(ra, rb) { return }
            if b == a + 1 { append(b, rb); return }
            let mid = a + (b - a) / 2
            let rm = ref(mid)
            bisect(a, mid, ra, rm)
            bisect(mid, b, rm, rb)
        }
        // Zero and infinity are their own segments: their results (NaN for E8M0's zero, +1 for
        // bipolar's -0, Inf under a directed mode that keeps finite overflow at max) need not join
        // their neighbours'. Between them the rounding is monotone in |x|.
        for (low, high) in [(UInt32(0), UInt32(0x7F80_0000)), (UInt32(0x8000_0000), UInt32(0xFF80_0000))] {
            append(low, ref(low))
            let rl = ref(low + 1), rh = ref(high - 1)
            append(low + 1, rl)
            bisect(low + 1, high - 1, rl, rh)
            append(high, ref(high))
            append(high + 1, ref(high + 1))  // NaNs of this sign
        }
        self.starts = starts; self.results = results
    }

    /// The result for input bits `bits` (binary search).
    @inlinable
    public func lookup(_ bits: UInt32) -> Float { results[segment(of: bits)] }

    /// Index of the segment holding `bits`.
    @inlinable
    public func segment(of bits: UInt32) -> Int {
        var lo = 0, hi = starts.count  // starts[0..<lo] <= bits < starts[hi...]
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= bits { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }
}
