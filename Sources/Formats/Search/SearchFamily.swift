import Foundation

/// What a search chooses from: axes of candidate values, the order in which they are searched
/// (`steps`), and the quantizer of a group at a point (one candidate index per axis; -1 is an
/// axis's starting value). Every group (tensor, row or channel, see `SearchGroups`) is quantized
/// on its own by `format(spec:)`.
public protocol SearchFamily: Sendable {
    var axes: [SearchAxis] { get }
    /// Coordinate steps of one round, in order.
    var steps: [SearchStep] { get }
    /// The names of the reported parameters of a group (e.g. `A`, or `format` and `bias factor`).
    var parameterNames: [String] { get }
    /// The spec of the quantizer of a group at `point` (the same text for the same quantizer).
    func spec(at point: [Int]) -> String
    /// The reported parameter values at `point`, one per `parameterNames`.
    func parameters(at point: [Int]) -> [String]
    /// Builds the group quantizer a `spec(at:)` names.
    func format(spec: String) throws -> any TensorFormat
}

/// One coordinate step: every group tries each candidate of `axis` (with `pins` holding other axes
/// for this step only) and keeps the best.
public struct SearchStep: Sendable, Equatable {
    public var axis: Int
    public var pins: [Int: Int]
    /// Name of the step's error curve in reports.
    public var label: String
    /// One choice for all groups: the candidate with the smallest error summed over the groups.
    public var shared = false
}

extension SearchFamily {
    /// The point with every axis at its starting value.
    public var initialPoint: [Int] { axes.map(\.initialIndex) }

    /// `point` with the step's axis at `candidate` and its pins applied.
    func candidatePoint(_ point: [Int], _ step: SearchStep, _ candidate: Int) -> [Int] {
        var p = point
        p[step.axis] = candidate
        for (axis, index) in step.pins { p[axis] = index }
        return p
    }
}

/// A format spec with axis names as placeholders: `power:4:A` with `A=0.2..1.0/81`. A placeholder is a
/// whole token (between characters that are not letters, digits or `_`). An element format is used
/// with its group's absmax FP32 scale (`ELEMENT/tensor` on the group: PowerQuant's
/// `round(Qmax sign(x)|x|^a / max|x|^a)` is exactly `power:N:a/tensor`); a scaled format as it is.
public struct TemplateFamily: SearchFamily {
    public let template: String
    public let axes: [SearchAxis]

    public init(template: String, axes: [SearchAxis], spec: String) throws {
        guard !axes.isEmpty else { throw FormatError.invalidSpec(spec, reason: "no axis: give NAME=lo..hi/N or NAME=[a, b] for a placeholder of '\(template)'") }
        let tokens = Set(TemplateFamily.tokens(template).filter(\.isName).map(\.text))
        for axis in axes where !tokens.contains(axis.name) {
            throw FormatError.invalidSpec(spec, reason: "axis \(axis.name) does not occur in the template '\(template)'")
        }
        self.template = template
        self.axes = axes
    }

    public var steps: [SearchStep] { axes.indices.map { SearchStep(axis: $0, pins: [:], label: axes[$0].name) } }
    public var parameterNames: [String] { axes.map(\.name) }

    public func spec(at point: [Int]) -> String {
        TemplateFamily.tokens(template).map { token in
            guard token.isName, let a = axes.firstIndex(where: { $0.name == token.text }) else { return token.text }
            return axes[a].label(point[a])
        }.joined()
    }

    public func parameters(at point: [Int]) -> [String] { axes.indices.map { axes[$0].label(point[$0]) } }

    public func format(spec: String) throws -> any TensorFormat {
        let f = try FormatRegistry.tensorFormat(spec)
        guard f is UnscaledFormat else { return f }
        return GroupAbsmaxFormat(name: spec, element: f.element)
    }

    /// The template cut into name tokens and the text between them.
    static func tokens(_ s: String) -> [(text: String, isName: Bool)] {
        var out: [(String, Bool)] = [], current = "", inName = false
        for ch in s {
            let nameChar = ch.isLetter || ch.isNumber || ch == "_"
            if nameChar != inName, !current.isEmpty { out.append((current, inName)); current = "" }
            inName = nameChar
            current.append(ch)
        }
        if !current.isEmpty { out.append((current, inName)) }
        return out
    }
}

/// LLM-FP4's search space at `bits` bits (`search(fp:B, ...)`): the formats EjMk with j + k = B - 1
/// (`formats=`, default as the authors' code: every M in 0 ... B-2, and E5M2 ... E1M6 at 8 bits)
/// and the bias `b~ = c b~init` with the factor c on a grid (`bias=`, default 0.01..1.2/101, the
/// paper's g1 = 0.01, g2 = 1.2, k = 100), each format keeping its own factor (the code's
/// `w_intervals[man]`). A round searches the factor of every format per group, then one format for
/// the whole tensor (the code sums the layer's error over its channels before the format's argmax,
/// while the bias is per channel: `per=row`) (Alg. 1); a group starts from MinMax (c = 1) in the format `init=` (default E2M(B-3), the 4-bit scripts'
/// exponent 2, and E4M3 at 8 bits, the config's `exp_bit = 4`, when listed; else the first listed).
public struct RealBiasFloatFamily: SearchFamily {
    public let bits: Int
    /// (exponent, mantissa) bits of each candidate format.
    public let formats: [(e: Int, m: Int)]
    public let axes: [SearchAxis]

    public init(bits: Int, formats names: [String]?, bias: [Double]?, initial: String?, spec: String) throws {
        guard (3 ... 9).contains(bits) else { throw FormatError.invalidSpec(spec, reason: "fp:\(bits): bits not in 3...9") }
        let defaults: [String] = bits == 8 ? (2 ... 6).map { "e\(7 - $0)m\($0)" } : (0 ... bits - 2).map { "e\(bits - 1 - $0)m\($0)" }
        let labels = (names ?? defaults).map { $0.lowercased() }
        guard !labels.isEmpty, Set(labels).count == labels.count else { throw FormatError.invalidSpec(spec, reason: "formats= must list distinct formats") }
        formats = try labels.map { label in
            let (e, m) = try RealBiasFloat.exponentMantissa(label, spec: spec)
            guard e >= 1, e + m + 1 == bits else { throw FormatError.invalidSpec(spec, reason: "format \(label) is not an \(bits)-bit EjMk with j >= 1") }
            return (e, m)
        }
        let preferred = initial?.lowercased() ?? (bits == 8 ? "e4m3" : "e2m\(bits - 3)")
        let start = labels.firstIndex(of: preferred) ?? (initial == nil ? 0 : -1)
        guard start >= 0 else { throw FormatError.invalidSpec(spec, reason: "init=\(initial!) is not among the formats \(labels)") }
        let factors = bias ?? SearchAxis.linear(0.01, 1.2, count: 101)
        let factorLabels = factors.map(SpecArguments.number)
        var axes = [SearchAxis(name: "format", labels: labels, values: nil, initialIndex: start)]
        for label in labels {
            axes.append(SearchAxis(name: "bias factor (\(label))", labels: factorLabels, values: factors, initialIndex: -1, initialLabel: "1"))
        }
        self.bits = bits
        self.axes = axes
    }

    public var steps: [SearchStep] {
        formats.indices.map { f in SearchStep(axis: 1 + f, pins: [0: f], label: axes[1 + f].name) }
            + [SearchStep(axis: 0, pins: [:], label: "format", shared: true)]
    }

    public var parameterNames: [String] { ["format", "bias factor"] }

    public func spec(at point: [Int]) -> String {
        let f = point[0]
        let factor = axes[1 + f].label(point[1 + f])
        return "fpq(\(axes[0].labels[f])" + (factor == "1" ? ")" : ", factor=\(factor))")
    }

    public func parameters(at point: [Int]) -> [String] { [axes[0].labels[point[0]], axes[1 + point[0]].label(point[1 + point[0]])] }

    public func format(spec: String) throws -> any TensorFormat {
        guard let f = try RealBiasFloat.parse(spec) else { throw FormatError.invalidSpec(spec, reason: "not an fpq spec") }
        return f
    }
}

extension SearchAxis {
    /// `lo..hi/N` as values, each rounded to 12 significant digits (so that 0.2 + 37 * 0.8 / 80
    /// reads and is used as 0.57, not 0.5700000000000001).
    static func linear(_ lo: Double, _ hi: Double, count n: Int) -> [Double] {
        let span = hi - lo, last = Double(n - 1)
        return (0 ..< n).map { Double(String(format: "%.12g", locale: Locale(identifier: "en_US_POSIX"), lo + Double($0) * span / last))! }
    }
}
