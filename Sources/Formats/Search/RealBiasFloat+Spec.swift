/// The spec `fpq(eXmY[, factor=C | bias=B][, tensor | channel=A | block=K])` of `RealBiasFloat`
/// (named after LLM-FP4's FPQ): MinMax per tensor by default; `factor=C` scales the MinMax bias,
/// `bias=B` fixes it.
extension RealBiasFloat {
    /// Parses an `fpq(...)` spec; nil when `spec` is not one.
    public static func parse(_ spec: String) throws -> RealBiasFloat? {
        let s = spec.trimmingCharacters(in: .whitespaces)
        guard s.hasPrefix("fpq(") else { return nil }
        let (_, argsOrNil) = try SpecArguments.call(s)
        guard let args = argsOrNil, let first = args.first else { throw FormatError.invalidSpec(s, reason: "expected fpq(eXmY, ...)") }
        let (e, m) = try exponentMantissa(first, spec: s)
        var bias = Bias.minMax(factor: 1)
        var granularity = Granularity.tensor
        for option in args.dropFirst() {
            let (key, value) = SpecArguments.keyValue(option)
            switch (key, value) {
            case let ("factor", v?):
                guard let c = Double(v) else { throw FormatError.invalidSpec(s, reason: "factor '\(v)' is not a number") }
                bias = .minMax(factor: c)
            case let ("bias", v?):
                guard let b = Double(v) else { throw FormatError.invalidSpec(s, reason: "bias '\(v)' is not a number") }
                bias = .fixed(b)
            case ("tensor", nil): granularity = .tensor
            case let ("channel", v?):
                guard let a = Int(v) else { throw FormatError.invalidSpec(s, reason: "channel axis '\(v)' is not an integer") }
                granularity = .channel(axis: a)
            case let ("block", v?):
                guard let k = Int(v) else { throw FormatError.invalidSpec(s, reason: "block size '\(v)' is not an integer") }
                granularity = .block(size: k)
            default:
                throw FormatError.invalidSpec(s, reason: "unknown option '\(option)' (factor=C, bias=B, tensor, channel=A, block=K)")
            }
        }
        return try RealBiasFloat(exponentBits: e, mantissaBits: m, bias: bias, granularity: granularity, name: s)
    }

    /// `eXmY` (case-insensitive) into (X, Y).
    static func exponentMantissa(_ text: String, spec: String) throws -> (Int, Int) {
        let t = text.lowercased()
        guard t.hasPrefix("e"), let mi = t.firstIndex(of: "m"),
              let e = Int(t[t.index(after: t.startIndex) ..< mi]), let m = Int(t[t.index(after: mi)...]) else {
            throw FormatError.invalidSpec(spec, reason: "'\(text)' is not eXmY (e.g. e2m1)")
        }
        return (e, m)
    }

    /// The spec that parses back to these parameters.
    static func canonicalName(_ e: Int, _ m: Int, _ bias: Bias, _ granularity: Granularity) -> String {
        var parts = ["e\(e)m\(m)"]
        switch bias {
        case let .minMax(c): if c != 1 { parts.append("factor=\(SpecArguments.number(c))") }
        case let .fixed(b): parts.append("bias=\(SpecArguments.number(b))")
        }
        if granularity != .tensor { parts.append(granularity.name) }
        return "fpq(" + parts.joined(separator: ", ") + ")"
    }
}
