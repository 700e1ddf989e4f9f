import Foundation

/// Spec strings of scaled formats: the named MX and NV formats, with options, and two parametric forms.
///
/// - Named: `mxint8`, `mxint6`, `mxint4`, `mxfp8_e4m3`, `mxfp8_e5m2`, `mxfp6_e2m3`, `mxfp6_e3m2`, `mxfp4`
///   (OCP MX v1.0: block 32, E8M0 scale, floor rule), `nvfp4`, `nvint4` (block 16, E4M3 block scale,
///   FP32 tensor scale). Options in parentheses: `mxfp4(rule=rceil)`, `mxint8(sym)`, `nvfp4(levels=1)`,
///   `mxfp4(clip=mse)`, `mxfp4(block=16)`.
/// - `scaled(ELEMENT, block=K | channel=AXIS | tensor, scale=fp32|e8m0[-ceil|-even|-rceil]|MINIFLOAT,
///   tensor_scale, clip=absmax|mse|RATIO, asym)`.
/// - Shorthand `ELEMENT/gK` (blocks of K), `ELEMENT/chA` (channel axis A), `ELEMENT/tensor`, each
///   with an FP32 scale, optionally followed by `/e8m0`, `/asym` or `/mse`.
public enum ScaledFormatSpec {
    /// Named scaled formats: (name, element spec, block size, scale, tensor scale, meaning).
    public static let named: [(name: String, element: String, block: Int, scale: String, twoLevel: Bool, note: String)] = [
        ("mxint8", "int8", 32, "e8m0", false, "OCP MX INT8: two's complement k/64, min -2 (gfloat); mxint8(sym): +-127/64 (microxcaling, INT v.s. FP)"),
        ("mxint6", "int:6:sym", 32, "e8m0", false, "symmetric INT6 in MX blocks (INT v.s. FP)"),
        ("mxint4", "int:4:sym", 32, "e8m0", false, "symmetric INT4 in MX blocks (INT v.s. FP)"),
        ("mxfp8_e4m3", "float8_e4m3fn", 32, "e8m0", false, "OCP MXFP8 E4M3"),
        ("mxfp8_e5m2", "float8_e5m2", 32, "e8m0", false, "OCP MXFP8 E5M2"),
        ("mxfp6_e2m3", "float6_e2m3fn", 32, "e8m0", false, "OCP MXFP6 E2M3"),
        ("mxfp6_e3m2", "float6_e3m2fn", 32, "e8m0", false, "OCP MXFP6 E3M2"),
        ("mxfp4", "float4_e2m1fn", 32, "e8m0", false, "OCP MXFP4 E2M1"),
        ("nvfp4", "float4_e2m1fn", 16, "float8_e4m3fn", true, "NVIDIA NVFP4: E4M3 block scale, FP32 tensor scale (torchao recipe)"),
        ("nvint4", "int:4:sym", 16, "float8_e4m3fn", true, "NVINT4 (INT v.s. FP): symmetric INT4, NVFP4's scaling"),
    ]

    /// Parses a scaled spec; nil when `spec` is not of a scaled form (then it is an element spec).
    public static func parse(_ spec: String) throws -> ScaledFormat? {
        let s = spec.trimmingCharacters(in: .whitespaces)
        let (head, args) = try splitCall(s)
        if let entry = named.first(where: { $0.name == head }) {
            return try makeNamed(s, entry, args)
        }
        if head == "scaled" {
            guard let args, let first = args.first else { throw FormatError.invalidSpec(s, reason: "expected scaled(ELEMENT, ...)") }
            return try make(s, element: first, options: Array(args.dropFirst()))
        }
        if args == nil, s.contains("/") {
            let parts = s.split(separator: "/").map(String.init)
            let options = parts.dropFirst().map { part -> String in
                if part.hasPrefix("g"), Int(part.dropFirst()) != nil { return "block=" + part.dropFirst() }
                if part.hasPrefix("ch") { return "channel=" + (part.count > 2 ? String(part.dropFirst(2)) : "0") }
                if part == "mse" { return "clip=mse" }
                if part == "e8m0" { return "scale=e8m0" }
                return part
            }
            return try make(s, element: parts[0], options: options)
        }
        return nil
    }

    /// `name(a, b=c)` into ("name", ["a", "b=c"]); a plain name gives nil arguments.
    static func splitCall(_ s: String) throws -> (String, [String]?) {
        guard let open = s.firstIndex(of: "(") else { return (s, nil) }
        guard s.hasSuffix(")") else { throw FormatError.invalidSpec(s, reason: "missing ')'") }
        let head = String(s[..<open]).trimmingCharacters(in: .whitespaces)
        let inner = s[s.index(after: open) ..< s.index(before: s.endIndex)]
        var args: [String] = []
        for piece in inner.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            // A codebook element's values contain commas: glue bare numbers back onto the element.
            if let last = args.last, args.count == 1, !piece.contains("="), Float(piece) != nil, last.hasPrefix("codebook:") {
                args[0] = last + "," + piece
            } else {
                args.append(piece)
            }
        }
        return (head, args.filter { !$0.isEmpty })
    }

    static func makeNamed(_ spec: String, _ entry: (name: String, element: String, block: Int, scale: String, twoLevel: Bool, note: String),
                          _ args: [String]?) throws -> ScaledFormat {
        var element = entry.element
        var options = ["block=\(entry.block)", "scale=\(entry.scale)"] + (entry.twoLevel ? ["tensor_scale"] : [])
        for arg in args ?? [] {
            switch arg {
            case "sym" where entry.name == "mxint8": element = "int:8:sym"
            case "levels=1": options.removeAll { $0 == "tensor_scale" }
            case "levels=2": if !options.contains("tensor_scale") { options.append("tensor_scale") }
            default:
                if arg.hasPrefix("rule="), entry.scale == "e8m0" {
                    let rule = String(arg.dropFirst(5))
                    options.append("scale=" + (rule == "floor" ? "e8m0" : "e8m0-" + rule))
                } else if arg.hasPrefix("block=") || arg.hasPrefix("clip=") {
                    options.append(arg)
                } else {
                    throw FormatError.invalidSpec(spec, reason: "unknown option '\(arg)' (sym for mxint8, levels=1|2, rule=floor|ceil|even|rceil, block=K, clip=mse|RATIO)")
                }
            }
        }
        return try make(spec, element: element, options: options)
    }

    static func make(_ spec: String, element elementSpec: String, options: [String]) throws -> ScaledFormat {
        let element = try FormatRegistry.element(elementSpec)
        var granularity = Granularity.tensor
        var scale = ScaleRule.fp32
        var tensorScale = false, asymmetric = false
        var clipping = ScaledFormat.Clipping.absmax
        for option in options {
            let kv = option.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            switch (kv[0], kv.count == 2 ? kv[1] : nil) {
            case ("tensor", nil): granularity = .tensor
            case let ("block", v?):
                guard let k = Int(v) else { throw FormatError.invalidSpec(spec, reason: "block size '\(v)' is not an integer") }
                granularity = .block(size: k)
            case let ("channel", v?):
                guard let a = Int(v) else { throw FormatError.invalidSpec(spec, reason: "channel axis '\(v)' is not an integer") }
                granularity = .channel(axis: a)
            case ("tensor_scale", nil): tensorScale = true
            case ("asym", nil): asymmetric = true
            case let ("clip", v?):
                if v == "mse" { clipping = .mseSearch } else if v == "absmax" { clipping = .absmax }
                else if let r = Float(v) { clipping = .ratio(r) }
                else { throw FormatError.invalidSpec(spec, reason: "clip '\(v)' is not absmax, mse or a ratio") }
            case let ("scale", v?):
                scale = try parseScale(spec, v)
            default:
                throw FormatError.invalidSpec(spec, reason: "unknown option '\(option)' (block=K, channel=AXIS, tensor, scale=..., tensor_scale, clip=..., asym)")
            }
        }
        return try ScaledFormat(name: spec, element: element, granularity: granularity, scale: scale,
                                tensorScale: tensorScale, clipping: clipping, asymmetric: asymmetric)
    }

    static func parseScale(_ spec: String, _ v: String) throws -> ScaleRule {
        if v == "fp32" { return .fp32 }
        if v == "e8m0" || v == "float8_e8m0fnu" { return .powerOfTwo(.floor) }
        if v.hasPrefix("e8m0-") {
            guard let rule = ScaleRule.PowerOfTwoRule(rawValue: String(v.dropFirst(5))) else {
                throw FormatError.invalidSpec(spec, reason: "scale rule '\(v)' is not e8m0-floor, -ceil, -even or -rceil")
            }
            return .powerOfTwo(rule)
        }
        guard let f = try? FormatRegistry.element(v), let m = f as? MiniFloat else {
            throw FormatError.invalidSpec(spec, reason: "scale '\(v)' is not fp32, e8m0[-rule] or a minifloat spec")
        }
        guard m.specials != .exponentOnly else { return .powerOfTwo(.floor) }
        return .minifloat(m.saturating as? MiniFloat ?? m)
    }
}
