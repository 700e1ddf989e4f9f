/// A search written where a format spec goes (DESIGN.md: a search is a format-producing step):
///
///     search(TEMPLATE, AXIS=lo..hi/N | AXIS=[a, b], objective=mse|output, per=tensor|row|channel,
///            rounds=R, act=same|none|SPEC, tokens=T)
///     search(fp:B, formats=[e3m0, e2m1, e1m2], bias=0.01..1.2/101, init=e2m1, ...)
///
/// - TEMPLATE: a format spec with the axis names as placeholders (`TemplateFamily`), or `fp:B`,
///   LLM-FP4's format and bias space at B bits (`RealBiasFloatFamily`).
/// - `per`: each row (last axis), each channel (column of the [rows, last] view) or the whole tensor
///   gets its own point; default tensor.
/// - `objective`: `mse` (default), the tensor's squared error; `output`, the squared error of a linear
///   layer's output `X W^T` against `Q(X) Q(W)^T` given its input activations X (tokens x in
///   features; the tensor is W, out x in), LLM-FP4's Eq. 12. `act` says how X is quantized: `same`
///   (default: the same family, searched per tensor, alternating with W as in LLM-FP4's Alg. 1),
///   `none`, or a fixed format spec; `tokens=T` uses T evenly spaced rows of X.
/// - `rounds`: coordinate-descent rounds (default 1); a round that changes no choice ends the search
///   (the next would repeat it exactly). `rounds=0` measures the starting point only (MinMax for
///   `fp:B`): the baseline a search is compared with.
public struct SearchSpec: Sendable {
    public enum Objective: String, Sendable, CaseIterable { case mse, output }
    public enum Per: String, Sendable, CaseIterable { case tensor, row, channel }
    public enum Activations: Sendable, Equatable {
        case same, none
        case fixed(String)
    }

    public var text: String
    public var family: any SearchFamily
    public var objective: Objective
    public var per: Per
    public var rounds: Int
    public var activations: Activations
    public var tokens: Int?

    /// Options every search accepts besides its axes.
    static let options = ["objective", "per", "rounds", "act", "tokens"]

    /// Parses `search(...)`; nil when `spec` is not a search.
    public static func parse(_ spec: String) throws -> SearchSpec? {
        let s = spec.trimmingCharacters(in: .whitespaces)
        guard s.hasPrefix("search(") || s.hasPrefix("search (") else { return nil }
        guard let args = try SpecArguments.call(s).args, let template = args.first else {
            throw FormatError.invalidSpec(s, reason: "expected search(TEMPLATE, AXIS=lo..hi/N, ...)")
        }
        var objective = Objective.mse, per = Per.tensor, rounds = 1, activations = Activations.same
        var tokens: Int?
        var axes: [SearchAxis] = []
        var formats: [String]?, bias: [Double]?, initial: String?
        let realBias = template.hasPrefix("fp:") && Int(template.dropFirst(3)) != nil
        for item in args.dropFirst() {
            let (key, v) = SpecArguments.keyValue(item)
            guard let value = v, !value.isEmpty else { throw FormatError.invalidSpec(s, reason: "'\(item)' needs a value (KEY=VALUE)") }
            switch key {
            case "objective":
                guard let o = Objective(rawValue: value) else { throw FormatError.invalidSpec(s, reason: "objective '\(value)' is not mse or output") }
                objective = o
            case "per":
                guard let p = Per(rawValue: value) else { throw FormatError.invalidSpec(s, reason: "per '\(value)' is not tensor, row or channel") }
                per = p
            case "rounds":
                guard let r = Int(value), (0 ... 20).contains(r) else { throw FormatError.invalidSpec(s, reason: "rounds '\(value)' is not in 0...20") }
                rounds = r
            case "act":
                activations = value == "same" ? .same : value == "none" ? .none : .fixed(value)
                if case let .fixed(f) = activations { _ = try FormatRegistry.tensorFormat(f) }
            case "tokens":
                guard let t = Int(value), t >= 1 else { throw FormatError.invalidSpec(s, reason: "tokens '\(value)' is not a positive integer") }
                tokens = t
            case "formats" where realBias:
                guard let list = try SpecArguments.list(value, spec: s) else { throw FormatError.invalidSpec(s, reason: "formats= needs a list [e2m1, ...]") }
                formats = list
            case "bias" where realBias:
                bias = try SearchAxis.grid(value, name: "bias", spec: s)
            case "init" where realBias:
                initial = value
            default:
                guard !realBias else {
                    throw FormatError.invalidSpec(s, reason: "unknown option '\(key)' for fp:B (formats=[...], bias=lo..hi/N, init=EjMk, \(options.joined(separator: ", ")))")
                }
                guard key.first?.isLetter == true, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw FormatError.invalidSpec(s, reason: "unknown option '\(key)' (an axis NAME=lo..hi/N, or \(options.joined(separator: ", ")))")
                }
                guard !axes.contains(where: { $0.name == key }) else { throw FormatError.invalidSpec(s, reason: "axis \(key) given twice") }
                axes.append(try SearchAxis(name: key, parsing: value, spec: s))
            }
        }
        let family: any SearchFamily = realBias
            ? try RealBiasFloatFamily(bits: Int(template.dropFirst(3))!, formats: formats, bias: bias, initial: initial, spec: s)
            : try TemplateFamily(template: template, axes: axes, spec: s)
        if objective == .output, per == .channel {
            throw FormatError.invalidSpec(s, reason: "objective=output splits by output channel: use per=row (rows of W) or per=tensor")
        }
        if objective == .mse, activations != .same || tokens != nil {
            throw FormatError.invalidSpec(s, reason: "act= and tokens= belong to objective=output")
        }
        let parsed = SearchSpec(text: s, family: family, objective: objective, per: per, rounds: rounds, activations: activations, tokens: tokens)
        try parsed.validate()
        return parsed
    }

    /// Builds the quantizer at the starting point and at every candidate of each axis (the others
    /// at their start), so a bad template value fails when the spec is read, not mid-sweep.
    func validate() throws {
        let start = family.initialPoint
        var specs = [family.spec(at: start)]
        for step in family.steps {
            for v in 0 ..< family.axes[step.axis].count { specs.append(family.spec(at: family.candidatePoint(start, step, v))) }
        }
        for spec in Set(specs).sorted() {
            do {
                let f = try family.format(spec: spec)
                if f is SearchFormat { throw FormatError.invalidSpec(spec, reason: "a search cannot contain a search") }
            } catch {
                throw FormatError.invalidSpec(text, reason: "candidate '\(spec)': \(error)")
            }
        }
    }
}
