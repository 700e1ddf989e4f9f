/// One parameter of a search: its name and candidate values, in the order they are tried (ties
/// go to the earlier value), and the value a group starts from before the axis is searched.
///
/// Written `NAME=lo..hi/N` (N evenly spaced values `lo + i (hi - lo) / (N - 1)`, i = 0 ... N-1, both
/// ends included, computed in that operation order in Double, as LLM-FP4's code computes its grid
/// `eq_alpha + i (eq_beta - eq_alpha) / eq_n`, then rounded to 12 significant digits) or `NAME=[a, b, ...]` (values substituted verbatim).
public struct SearchAxis: Sendable, Equatable {
    public var name: String
    /// The text of each candidate (substituted into a template, or shown in reports).
    public var labels: [String]
    /// The numeric value of each candidate, when every label is a number.
    public var values: [Double]?
    /// The starting value: a candidate index, or -1 for `initialLabel` (a value off the grid).
    public var initialIndex: Int
    public var initialLabel: String

    public init(name: String, labels: [String], values: [Double]?, initialIndex: Int, initialLabel: String? = nil) {
        self.name = name; self.labels = labels; self.values = values
        self.initialIndex = initialIndex
        self.initialLabel = initialLabel ?? (initialIndex >= 0 ? labels[initialIndex] : "")
    }

    /// Parses `lo..hi/N` or `[a, b, ...]`; the start is the last candidate.
    public init(name: String, parsing text: String, spec: String) throws {
        if let items = try SpecArguments.list(text, spec: spec) {
            guard !items.isEmpty else { throw FormatError.invalidSpec(spec, reason: "axis \(name) lists no values") }
            guard Set(items).count == items.count else { throw FormatError.invalidSpec(spec, reason: "axis \(name) lists a value twice") }
            let numbers = items.map { Double($0) }
            self.init(name: name, labels: items, values: numbers.contains(nil) ? nil : numbers.map { $0! }, initialIndex: items.count - 1)
            return
        }
        let values = try SearchAxis.grid(text, name: name, spec: spec)
        self.init(name: name, labels: values.map(SpecArguments.number), values: values, initialIndex: values.count - 1)
    }

    /// The values of `lo..hi/N`.
    public static func grid(_ text: String, name: String, spec: String) throws -> [Double] {
        let bad = FormatError.invalidSpec(spec, reason: "axis \(name)='\(text)' is not lo..hi/N or [a, b, ...]")
        guard let dots = text.range(of: ".."), let slash = text.range(of: "/", options: .backwards), dots.upperBound <= slash.lowerBound,
              let lo = Double(text[..<dots.lowerBound]), let hi = Double(text[dots.upperBound ..< slash.lowerBound]),
              let n = Int(text[slash.upperBound...]) else { throw bad }
        guard lo.isFinite, hi.isFinite, lo < hi else { throw FormatError.invalidSpec(spec, reason: "axis \(name): need lo < hi, finite") }
        guard (2 ... 100_000).contains(n) else { throw FormatError.invalidSpec(spec, reason: "axis \(name): N = \(n) not in 2...100000") }
        return linear(lo, hi, count: n)
    }

    /// The label of candidate `index` (-1: the starting value).
    public func label(_ index: Int) -> String { index < 0 ? initialLabel : labels[index] }

    public var count: Int { labels.count }
}
