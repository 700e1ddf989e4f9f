import Foundation
import PlainText

/// Every named element format, and the parser of element spec strings.
///
/// Names are spelled as ml_dtypes spells them. Appending `:sat` to any spec gives its saturating
/// variant. Parametric forms (see `parametricForms`) name everything else. Adding a named format is
/// one line in `named`.
public enum FormatRegistry {
    /// The named element formats, in listing order.
    public static let named: [(name: String, make: () throws -> any ElementFormat)] = [
        ("float8_e4m3fn", { try MiniFloat(exponentBits: 4, mantissaBits: 3, bias: 7, specials: .fn, name: "float8_e4m3fn") }),
        ("float8_e4m3", { try MiniFloat(exponentBits: 4, mantissaBits: 3, bias: 7, specials: .ieee, name: "float8_e4m3") }),
        ("float8_e4m3fnuz", { try MiniFloat(exponentBits: 4, mantissaBits: 3, bias: 8, specials: .fnuz, name: "float8_e4m3fnuz") }),
        ("float8_e4m3b11fnuz", { try MiniFloat(exponentBits: 4, mantissaBits: 3, bias: 11, specials: .fnuz, name: "float8_e4m3b11fnuz") }),
        ("float8_e5m2", { try MiniFloat(exponentBits: 5, mantissaBits: 2, bias: 15, specials: .ieee, name: "float8_e5m2") }),
        ("float8_e5m2fnuz", { try MiniFloat(exponentBits: 5, mantissaBits: 2, bias: 16, specials: .fnuz, name: "float8_e5m2fnuz") }),
        ("float8_e3m4", { try MiniFloat(exponentBits: 3, mantissaBits: 4, bias: 3, specials: .ieee, name: "float8_e3m4") }),
        ("float6_e2m3fn", { try MiniFloat(exponentBits: 2, mantissaBits: 3, bias: 1, specials: .finite, name: "float6_e2m3fn") }),
        ("float6_e3m2fn", { try MiniFloat(exponentBits: 3, mantissaBits: 2, bias: 3, specials: .finite, name: "float6_e3m2fn") }),
        ("float4_e2m1fn", { try MiniFloat(exponentBits: 2, mantissaBits: 1, bias: 1, specials: .finite, name: "float4_e2m1fn") }),
        ("float8_e8m0fnu", { try MiniFloat(exponentBits: 8, mantissaBits: 0, bias: 127, specials: .exponentOnly, name: "float8_e8m0fnu") }),
        ("bfloat16", { try MiniFloat(exponentBits: 8, mantissaBits: 7, bias: 127, specials: .ieee, name: "bfloat16") }),
        ("float16", { try MiniFloat(exponentBits: 5, mantissaBits: 10, bias: 15, specials: .ieee, name: "float16") }),
        ("int8", { try IntegerFormat(bits: 8, kind: .twosComplement, name: "int8") }),
        ("int4", { try IntegerFormat(bits: 4, kind: .twosComplement, name: "int4") }),
        ("int2", { try IntegerFormat(bits: 2, kind: .twosComplement, name: "int2") }),
        ("uint8", { try IntegerFormat(bits: 8, kind: .unsigned, name: "uint8") }),
        ("uint4", { try IntegerFormat(bits: 4, kind: .unsigned, name: "uint4") }),
        ("nf4", { try Codebook(values: Codebook.nf4Values, name: "nf4") }),
    ]

    /// The parametric spellings, as `quantlab formats` documents them.
    public static let parametricForms: [(form: String, meaning: String)] = [
        ("fp:eXmY[:bB][:ieee|fn|fnuz|finite|e8m0][:sat]", "minifloat, X in 1...8, Y in 0...10, bias B (default 2^(X-1)-1), specials (default ieee)"),
        ("int:N[:sym] / uint:N", "integer of N in 2...16 bits: two's complement, symmetric [-(2^(N-1)-1), 2^(N-1)-1], or unsigned"),
        ("bipolar:N", "bipolar-INT: odd integers in [-(2^N-1), 2^N-1], no zero"),
        ("power:N:A", "power-exponent: levels +-k^(1/A), k in 0...2^(N-1)-1, rounded in the |x|^A domain"),
        ("codebook:v1,v2,...", "any listed values; code = index"),
        ("SPEC:sat", "saturating variant: overflow and Inf clamp to the largest finite value"),
        ("ELEMENT/gK, ELEMENT/chA, ELEMENT/tensor [/asym] [/mse] [/e8m0]", "any element with an FP32 scale per group of K along the last axis, per channel of axis A, or per tensor"),
        ("scaled(ELEMENT, block=K|channel=A|tensor, scale=fp32|e8m0[-floor|-ceil|-even|-rceil]|MINIFLOAT, tensor_scale, clip=absmax|mse|R, asym)", "the general scaled format"),
        ("mxfp4(rule=ceil), mxint8(sym), nvfp4(levels=1), mxfp4(clip=mse), mxfp4(block=16)", "options on the named scaled formats"),
        ("dfp:B[/gK|/chA]", "dynamic fixed point: B-bit symmetric integers times 2^E, E = ceil(log2(amax / (2^(B-1)-1))) per tensor, block or channel (our working rule)"),
        ("fpq(eXmY[, factor=C|bias=B][, tensor|channel=A|block=K])", "LLM-FP4's float: every exponent code a value, real bias b~ (MinMax b~init, times C, or B)"),
        ("search(TEMPLATE, A=lo..hi/N, objective=mse|output, per=tensor|row|channel, rounds=R, act=same|none|SPEC, tokens=T)", "the best value of each placeholder per group; search(fp:B, formats=[...], bias=lo..hi/N) is LLM-FP4's format and bias search"),
    ]

    /// Parses an element-format spec string.
    public static func element(_ spec: String) throws -> any ElementFormat {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw FormatError.invalidSpec(spec, reason: "empty format spec (`quantlab formats` lists every name and form)") }
        if trimmed.hasSuffix(":sat") {
            let base = try element(String(trimmed.dropLast(4)))
            return base.saturating
        }
        if let entry = named.first(where: { $0.name == trimmed }) { return try entry.make() }
        if let make = registeredFormat(trimmed) { return try make() }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "fp": return try parseMiniFloat(trimmed, parts)
        case "int", "uint":
            guard parts.count >= 2, let n = Int(parts[1]) else { throw FormatError.invalidSpec(trimmed, reason: "expected \(parts[0]):N") }
            let symmetric = parts.count == 3 && parts[2] == "sym"
            guard parts.count == 2 || (symmetric && parts[0] == "int") else { throw FormatError.invalidSpec(trimmed, reason: "unknown option '\(parts.dropFirst(2).joined(separator: ":"))'") }
            let kind: IntegerFormat.Kind = parts[0] == "uint" ? .unsigned : symmetric ? .symmetric : .twosComplement
            return try IntegerFormat(bits: n, kind: kind, name: trimmed)
        case "bipolar":
            guard parts.count == 2, let n = Int(parts[1]) else { throw FormatError.invalidSpec(trimmed, reason: "expected bipolar:N") }
            return try BipolarInt(bits: n, name: trimmed)
        case "power":
            guard parts.count == 3, let n = Int(parts[1]), let a = Double(parts[2]) else {
                throw FormatError.invalidSpec(trimmed, reason: "expected power:N:A, e.g. power:4:0.5")
            }
            return try PowerExponent(bits: n, exponent: a, name: trimmed)
        case "codebook":
            let items = parts.dropFirst().joined(separator: ":").split(separator: ",", omittingEmptySubsequences: false)
            var values: [Float] = []
            for (k, item) in items.enumerated() {
                let text = item.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { throw FormatError.invalidSpec(trimmed, reason: "value \(k + 1) is empty (expected codebook:v1,v2,...)") }
                guard let v = Float(text) else {
                    throw FormatError.invalidSpec(trimmed, reason: "value \(k + 1), '\(text)', is not a number")
                }
                values.append(v)
            }
            return try Codebook(values: values, name: trimmed)
        default:
            throw FormatError.unknownFormat(trimmed, suggestions: suggestions(for: trimmed))
        }
    }

    static func parseMiniFloat(_ spec: String, _ parts: [String]) throws -> any ElementFormat {
        let f = try miniFloatFields(spec, parts)
        return try MiniFloat(exponentBits: f.exponentBits, mantissaBits: f.mantissaBits, bias: f.bias, specials: f.specials, name: spec)
    }

    /// The fields of `fp:eXmY[:bB][:policy]` (no `:sat`; widths are not range-checked here), for
    /// formats that share the minifloat spelling (MiniFloat, Gemm's wide accumulators).
    public static func miniFloatFields(_ spec: String) throws -> (exponentBits: Int, mantissaBits: Int, bias: Int?, specials: SpecialValues) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "fp" else { throw FormatError.invalidSpec(spec, reason: "expected fp:eXmY") }
        return try miniFloatFields(spec, parts)
    }

    static func miniFloatFields(_ spec: String, _ parts: [String]) throws -> (exponentBits: Int, mantissaBits: Int, bias: Int?, specials: SpecialValues) {
        guard parts.count >= 2 else { throw FormatError.invalidSpec(spec, reason: "expected fp:eXmY") }
        let em = parts[1].lowercased()
        guard em.hasPrefix("e"), let mIndex = em.firstIndex(of: "m"),
              let e = Int(em[em.index(after: em.startIndex) ..< mIndex]), let m = Int(em[em.index(after: mIndex)...]) else {
            throw FormatError.invalidSpec(spec, reason: "'\(parts[1])' is not eXmY (e.g. e4m3)")
        }
        var bias: Int?
        var specials = SpecialValues.ieee
        for option in parts.dropFirst(2) {
            if option.hasPrefix("b"), let b = Int(option.dropFirst()) { bias = b }
            else if let s = SpecialValues(rawValue: option) { specials = s }
            else { throw FormatError.invalidSpec(spec, reason: "unknown option '\(option)' (bias bN, or one of \(SpecialValues.allCases.map(\.rawValue).joined(separator: ", ")))") }
        }
        return (e, m, bias, specials)
    }

    /// Known names closest to `spec`, for error messages (`EditDistance.suggestions`), after the
    /// parametric spelling it may stand for: `e4m3` or `E4M3FN` as `fp:e4m3` / `fp:e4m3:fn`, `int3`
    /// as `int:3`, `uint6` as `uint:6`.
    public static func suggestions(for spec: String, among extra: [String] = []) -> [String] {
        parametricSuggestion(for: spec) + EditDistance.suggestions(for: spec, among: named.map { $0.name } + registeredNames + extra)
    }

    static func parametricSuggestion(for spec: String) -> [String] {
        let s = spec.lowercased()
        func number(_ text: Substring) -> Int? { text.count <= 4 && text.allSatisfy(\.isASCIIDigit) ? Int(text) : nil }
        if s.hasPrefix("e"), let m = s.firstIndex(of: "m"), let e = number(s[s.index(after: s.startIndex) ..< m]) {
            let rest = s[s.index(after: m)...]
            let digits = rest.prefix { $0.isASCIIDigit }
            let policy = rest.dropFirst(digits.count)
            if let mantissa = number(digits), policy.isEmpty || SpecialValues(rawValue: String(policy)) != nil {
                return ["fp:e\(e)m\(mantissa)" + (policy.isEmpty ? "" : ":" + policy)]
            }
        }
        for kind in ["uint", "int"] where s.hasPrefix(kind) {
            if let n = number(s.dropFirst(kind.count)) { return ["\(kind):\(n)"] }
        }
        return []
    }
}
