import Experiments

/// The results of a sweep indexed by their coordinates, with each axis in order of first
/// appearance (spec order for a product sweep).
public struct ResultGrid: Sendable {
    public var cells: [CellResult]
    public var data: [String]
    public var transforms: [String]
    public var formats: [String]
    public var roundings: [String]
    private var index: [String: Int] = [:]

    public init(_ cells: [CellResult]) {
        let sorted = cells.sorted { $0.index < $1.index }
        self.cells = sorted
        func ordered(_ key: (CellResult) -> String) -> [String] {
            var seen: Set<String> = []
            return sorted.map(key).filter { seen.insert($0).inserted }
        }
        data = ordered(\.data)
        transforms = ordered(\.transform)
        formats = ordered(\.format)
        roundings = ordered(\.rounding)
        for (i, c) in sorted.enumerated() { index[Self.key(c.data, c.transform, c.format, c.rounding)] = i }
    }

    /// The cell at these coordinates, if the sweep ran it.
    public func cell(data: String, transform: String, format: String, rounding: String) -> CellResult? {
        index[Self.key(data, transform, format, rounding)].map { cells[$0] }
    }

    /// The first cell of the format, for its family and bits.
    public func firstCell(format: String) -> CellResult? { cells.first { $0.format == format } }

    /// The untransformed baseline (`none` if present, else the first transform).
    public var baseTransform: String { transforms.contains("none") ? "none" : transforms[0] }

    /// Mean of `metric` over the data sources for one format, transform and rounding (defined values only).
    public func meanOverData(_ metric: MetricColumn, format: String, transform: String, rounding: String) -> Double? {
        let values = data.compactMap { d in
            cell(data: d, transform: transform, format: format, rounding: rounding).flatMap { metric.value($0) }
        }.filter(\.isFinite)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    private static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1f}") }
}
