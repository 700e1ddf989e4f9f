import Foundation

/// Spec strings of scaled formats: the named MX and NV formats, with options, and two parametric forms.
///
/// - Named: `mxint8`, `mxint6`, `mxint4`, `mxfp8_e4m3`, `mxfp8_e5m2`, `mxfp6_e2m3`, `mxfp6_e3m2`, `mxfp4`
///   (OCP MX v1.0: block 32, E8M0 scale, floor rule), `nvfp4`, `nvint4` (block 16, E4M3 block scale,
///   FP32 tensor scale). Options in parentheses: `mxfp4(rule=rceil)`, `mxint8(sym)`, `nvfp4(levels=1)`,
///   `mxfp4(clip=mse)`, `mxfp4(block=16)`.
/// - `scaled(ELEMENT, block=K | channel=AXIS | tensor, scale=fp32|e8m0[-ceil|-even|-rceil]|MINIFLOAT,
///   tensor_scale, clip=absmax|mse|RATIO, asym)`.
/// - Shorthand `ELEMENT/gK` (blocks of K), `ELEMENT/chA` (channel axis A), `ELEMENT/tensor`,
///   `ELEMENT/cross(alpha=A)` (CrossQuant's row x column scale, `Granularity.cross`), each
///   with an FP32 scale, optionally followed by `/e8m0`, `/asym` or `/mse` (or any full option).
/// Every option is given at most once (the granularity counts as one option), none is empty, and
/// each malformed spec fails with one `FormatError.invalidSpec` line naming it (`ScaledSpecOptions`).
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
        // `ELEMENT/part/...` whose parts may carry parentheses (`int8/cross(alpha=0.5)`).
        if let slash = s.firstIndex(of: "/"), slash < (s.firstIndex(of: "(") ?? s.endIndex) { return try shorthand(s) }
        let (head, args) = try splitCall(s)
        if let entry = named.first(where: { $0.name == head }) {
            return try makeNamed(s, entry, args ?? [])
        }
        if head == "scaled" {
            guard let args, let first = args.first else { throw FormatError.invalidSpec(s, reason: "expected scaled(ELEMENT, ...)") }
            guard !first.isEmpty else { throw FormatError.invalidSpec(s, reason: "empty element: expected scaled(ELEMENT, ...)") }
            var options = ScaledSpecOptions(spec: s)
            for arg in args.dropFirst() { try options.apply(arg) }
            return try options.make(element: FormatRegistry.element(first))
        }
        return nil
    }

    /// `ELEMENT/part/...`: `gK` is `block=K`, `chA` (or `ch`) `channel=A` (0), `mse` `clip=mse`,
    /// `e8m0` `scale=e8m0`; any other part is a full option (`tensor`, `asym`, `block=K`, ...).
    static func shorthand(_ s: String) throws -> ScaledFormat {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let element = parts.first, !element.isEmpty else {
            throw FormatError.invalidSpec(s, reason: "empty element before '/': expected ELEMENT/gK, ELEMENT/chA or ELEMENT/tensor")
        }
        var options = ScaledSpecOptions(spec: s)
        for part in parts.dropFirst() {
            guard !part.isEmpty else {
                throw FormatError.invalidSpec(s, reason: "empty part between '/' (expected ELEMENT/gK, ELEMENT/chA, ELEMENT/tensor, then /asym, /mse or /e8m0)")
            }
            let digits = part.dropFirst()
            if part.hasPrefix("g"), !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) { try options.apply("block=" + digits) }
            else if part.hasPrefix("ch") { try options.apply("channel=" + (part.count > 2 ? String(part.dropFirst(2)) : "0")) }
            else if part == "mse" { try options.apply("clip=mse") }
            else if part == "e8m0" { try options.apply("scale=e8m0") }
            else { try options.apply(part) }
        }
        return try options.make(element: FormatRegistry.element(element))
    }

    /// `name(a, b=c)` into ("name", ["a", "b=c"]), each argument trimmed; `name()` gives no arguments;
    /// a plain name gives nil. Empty arguments (`f(a,,b)`, `f(a,)`) are kept, for the options to refuse.
    static func splitCall(_ s: String) throws -> (String, [String]?) {
        guard let open = s.firstIndex(of: "(") else { return (s, nil) }
        guard s.hasSuffix(")") else { throw FormatError.invalidSpec(s, reason: "missing ')'") }
        let head = String(s[..<open]).trimmingCharacters(in: .whitespaces)
        let inner = s[s.index(after: open) ..< s.index(before: s.endIndex)]
        guard !inner.allSatisfy(\.isWhitespace) else { return (head, []) }
        var args: [String] = []
        for piece in inner.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            // A codebook element's values contain commas: glue bare numbers back onto the element.
            if let last = args.last, args.count == 1, !piece.contains("="), Float(piece) != nil, last.hasPrefix("codebook:") {
                args[0] = last + "," + piece
            } else {
                args.append(piece)
            }
        }
        return (head, args)
    }

    /// A named format with its options: `sym` (mxint8), `levels=1|2`, `rule=floor|ceil|even|rceil`
    /// (E8M0-scaled formats), `block=K`, `clip=...`, each at most once.
    static func makeNamed(_ spec: String, _ entry: (name: String, element: String, block: Int, scale: String, twoLevel: Bool, note: String),
                          _ args: [String]) throws -> ScaledFormat {
        var element = entry.element
        var options = ScaledSpecOptions(spec: spec)
        var given: Set<String> = []
        var levels = entry.twoLevel ? 2 : 1
        var rule = ""
        for arg in args {
            let (key, value) = try ScaledSpecOptions.split(arg, spec: spec)
            guard given.insert(key).inserted else { throw FormatError.invalidSpec(spec, reason: "option '\(key)' given twice") }
            switch (key, value) {
            case ("sym", nil) where entry.name == "mxint8": element = "int:8:sym"
            case let ("levels", v?):
                guard let n = Int(v), n == 1 || n == 2 else { throw FormatError.invalidSpec(spec, reason: "levels '\(v)' is not 1 or 2") }
                levels = n
            case let ("rule", v?) where entry.scale == "e8m0":
                guard v == "floor" || ScaleRule.PowerOfTwoRule(rawValue: v) != nil else {
                    throw FormatError.invalidSpec(spec, reason: "scale rule 'e8m0-\(v)' is not e8m0-floor, -ceil, -even or -rceil")
                }
                rule = v == "floor" ? "" : "-" + v
            case ("block", _?), ("clip", _?): try options.apply(arg)
            default:
                throw FormatError.invalidSpec(spec, reason: "unknown option '\(arg)' (sym for mxint8, levels=1|2, rule=floor|ceil|even|rceil for E8M0 scales, block=K, clip=mse|RATIO)")
            }
        }
        if !given.contains("block") { try options.apply("block=\(entry.block)") }
        try options.apply("scale=" + entry.scale + rule)
        if levels == 2 { try options.apply("tensor_scale") }
        return try options.make(element: FormatRegistry.element(element))
    }
}
