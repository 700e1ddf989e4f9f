/// The options of a scaled spec, read one at a time, each at most once:
/// `block=K` (1 ... 2^32), `channel=A` (-64 ... 63), `tensor`, `cross(alpha=A)` (A in [0, 1]) (these
/// four are the granularity, one of them), `scale=fp32|e8m0[-rule]|MINIFLOAT`, `tensor_scale`, `clip=absmax|mse|RATIO`, `asym`.
/// An empty option, a key without a value or a value without a key is an error naming the spec.
struct ScaledSpecOptions {
    let spec: String
    private var granularity: (Granularity, text: String)?
    private var scale: ScaleRule?
    private var tensorScale = false
    private var clipping: ScaledFormat.Clipping?
    private var asymmetric = false
    private var given: Set<String> = []

    static let largestBlock = 1 << 32
    static let axisRange = -64 ... 63

    init(spec: String) { self.spec = spec }

    /// `key=value` into (key, value), `flag` into (flag, nil), both trimmed; refuses empty parts.
    static func split(_ option: String, spec: String) throws -> (key: String, value: String?) {
        let text = option.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw FormatError.invalidSpec(spec, reason: "empty option (two commas in a row, or a trailing comma?)") }
        guard let eq = text.firstIndex(of: "=") else { return (text, nil) }
        let key = text[..<eq].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw FormatError.invalidSpec(spec, reason: "option '\(text)' has no name before '='") }
        guard !value.isEmpty else { throw FormatError.invalidSpec(spec, reason: "option '\(key)' has no value after '='") }
        return (key, value)
    }

    mutating func apply(_ option: String) throws {
        let trimmed = option.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("cross") {
            try setGranularity(.cross(alpha: try Self.crossAlpha(trimmed, spec: spec)), trimmed)
            return
        }
        let (key, value) = try Self.split(option, spec: spec)
        func once(_ slot: String) throws {
            guard given.insert(slot).inserted else { throw FormatError.invalidSpec(spec, reason: "option '\(slot)' given twice") }
        }
        switch (key, value) {
        case ("tensor", nil): try setGranularity(.tensor, key)
        case let ("block", v?):
            guard let k = Int(v) else { throw FormatError.invalidSpec(spec, reason: "block size '\(v)' is not an integer") }
            guard k >= 1, k <= Self.largestBlock else {
                throw FormatError.invalidSpec(spec, reason: "block size \(k) not in 1...\(Self.largestBlock)")
            }
            try setGranularity(.block(size: k), key + "=" + v)
        case let ("channel", v?):
            guard let a = Int(v) else { throw FormatError.invalidSpec(spec, reason: "channel axis '\(v)' is not an integer") }
            guard Self.axisRange.contains(a) else {
                throw FormatError.invalidSpec(spec, reason: "channel axis \(a) not in \(Self.axisRange.lowerBound)...\(Self.axisRange.upperBound)")
            }
            try setGranularity(.channel(axis: a), key + "=" + v)
        case ("tensor_scale", nil): try once(key); tensorScale = true
        case ("asym", nil): try once(key); asymmetric = true
        case let ("clip", v?):
            try once(key)
            if v == "mse" { clipping = .mseSearch } else if v == "absmax" { clipping = .absmax }
            else if let r = Float(v) { clipping = .ratio(r) }
            else { throw FormatError.invalidSpec(spec, reason: "clip '\(v)' is not absmax, mse or a ratio") }
        case let ("scale", v?):
            try once(key)
            scale = try Self.parseScale(spec, v)
        default:
            throw FormatError.invalidSpec(spec, reason: "unknown option '\(option.trimmingCharacters(in: .whitespaces))' (block=K, channel=AXIS, tensor, cross(alpha=A), scale=..., tensor_scale, clip=..., asym)")
        }
    }

    /// `cross(alpha=A)`, A a number in [0, 1] (CrossQuant's row/column exponent, `Granularity.cross`).
    static func crossAlpha(_ text: String, spec: String) throws -> Double {
        let usage = "expected cross(alpha=A) with A in [0, 1]"
        guard text.hasPrefix("cross("), text.hasSuffix(")") else { throw FormatError.invalidSpec(spec, reason: "'\(text)': \(usage)") }
        let inner = text.dropFirst("cross(".count).dropLast().trimmingCharacters(in: .whitespaces)
        let (key, value) = try split(inner, spec: spec)
        guard key == "alpha", let value else { throw FormatError.invalidSpec(spec, reason: "'\(text)': \(usage)") }
        guard let a = Double(value), a.isFinite, a >= 0, a <= 1 else {
            throw FormatError.invalidSpec(spec, reason: "cross alpha '\(value)' is not a number in [0, 1]")
        }
        return a
    }

    private mutating func setGranularity(_ g: Granularity, _ text: String) throws {
        if let previous = granularity {
            throw FormatError.invalidSpec(spec, reason: "granularity given twice ('\(previous.text)' and '\(text)'): one of block=K, channel=A, tensor, cross(alpha=A)")
        }
        granularity = (g, text)
    }

    /// The format these options give `element` (per tensor, FP32 scale, absmax by default).
    func make(element: any ElementFormat) throws -> ScaledFormat {
        try ScaledFormat(name: spec, element: element, granularity: granularity?.0 ?? .tensor, scale: scale ?? .fp32,
                         tensorScale: tensorScale, clipping: clipping ?? .absmax, asymmetric: asymmetric)
    }

    /// `fp32`, `e8m0[-floor|-ceil|-even|-rceil]` (or `float8_e8m0fnu`), or a minifloat that can hold
    /// every stored scale: it needs a NaN code (a group holding Inf or NaN has a NaN scale, OCP MX
    /// §6.3; a finite-only format would store it as a number), and an exponent-only scale must be
    /// E8M0 itself (8 bits, bias 127), whose rules `ScaleRule.powerOfTwo` defines.
    static func parseScale(_ spec: String, _ v: String) throws -> ScaleRule {
        if v == "fp32" { return .fp32 }
        if v == "e8m0" || v == "float8_e8m0fnu" { return .powerOfTwo(.floor) }
        if v.hasPrefix("e8m0-") {
            guard let rule = ScaleRule.PowerOfTwoRule(rawValue: String(v.dropFirst(5))) else {
                throw FormatError.invalidSpec(spec, reason: "scale rule '\(v)' is not e8m0-floor, -ceil, -even or -rceil")
            }
            return .powerOfTwo(rule)
        }
        let f: any ElementFormat
        do { f = try FormatRegistry.element(v) } catch {
            throw FormatError.invalidSpec(spec, reason: "scale '\(v)' is not fp32, e8m0[-rule] or a minifloat spec (\(error))")
        }
        guard let m = f as? MiniFloat else {
            throw FormatError.invalidSpec(spec, reason: "scale '\(v)' is not fp32, e8m0[-rule] or a minifloat spec")
        }
        if m.specials == .exponentOnly {
            guard m.exponentBits == 8, m.bias == 127 else {
                throw FormatError.invalidSpec(spec, reason: "exponent-only scale '\(v)' is not E8M0 (8 bits, bias 127): use scale=e8m0[-rule]")
            }
            return .powerOfTwo(.floor)
        }
        guard m.specials != .finite else {
            throw FormatError.invalidSpec(spec, reason: "scale format '\(v)' is finite-only: it has no NaN code for a group holding Inf or NaN; use one with NaN (ieee, fn, fnuz)")
        }
        return .minifloat(m.saturating as? MiniFloat ?? m)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0" ... "9").contains(self) }
}
