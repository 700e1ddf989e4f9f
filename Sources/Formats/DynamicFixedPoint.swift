/// Dynamic fixed point `dfp:B` (Das et al., arXiv 1802.00930: a tensor shares one exponent and has
/// B-bit integer mantissas, INT16 in the paper with INT32 accumulation; how the paper picks the
/// exponent was not read). QuantLab's working rule, labelled as ours: a group's values are
/// `I 2^E` with `I` in `[-(2^(B-1) - 1), 2^(B-1) - 1]` and
///     E = ceil(log2(amax / (2^(B-1) - 1))),
/// the smallest power-of-two scale that does not clip, which is the `e8m0-rceil` scale rule
/// (`ScaleRule`: `ceil(log2 fl32(amax / Qmax))`, E clipped to [-127, 127]). So `dfp:B` is
/// `scaled(int:B:sym, tensor, scale=e8m0-rceil)` and `dfp:B/gK` the same per block of K along the
/// last axis; both are `ScaledFormat`s, checked bit for bit by the scaled MPFR reference like any other.
/// Against a real-valued absmax scale the power-of-two scale loses up to 6.02 dB (its overshoot
/// rho = 2^E Qmax / amax is in [1, 2)).
public enum DynamicFixedPoint {
    /// Parses `dfp:B`, `dfp:B/gK` or `dfp:B/chA`; nil when `spec` is not a DFP spec.
    public static func parse(_ spec: String) throws -> ScaledFormat? {
        let s = spec.trimmingCharacters(in: .whitespaces)
        guard s.hasPrefix("dfp:") else { return nil }
        let parts = s.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let bits = Int(parts[0]), (2 ... 16).contains(bits) else {
            throw FormatError.invalidSpec(s, reason: "expected dfp:B with B in 2...16 (optionally /gK or /chA)")
        }
        var granularity = Granularity.tensor
        if parts.count == 2, parts[1].hasPrefix("g"), let k = Int(parts[1].dropFirst()) {
            granularity = .block(size: k)
        } else if parts.count == 2, parts[1].hasPrefix("ch"), let a = Int(parts[1].dropFirst(2)) {
            granularity = .channel(axis: a)
        } else if parts.count != 1 {
            throw FormatError.invalidSpec(s, reason: "expected dfp:B, dfp:B/gK or dfp:B/chA")
        }
        return try ScaledFormat(name: s, element: IntegerFormat(bits: bits, kind: .symmetric), granularity: granularity,
                                scale: .powerOfTwo(.rceil))
    }
}
