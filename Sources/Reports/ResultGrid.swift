import Experiments
import Formats

/// The results of a sweep indexed by their coordinates, with each axis in order of first
/// appearance (spec order for a product sweep), and what each format and transform is, as the spec
/// parsed them (findings and charts read those, never the names).
public struct ResultGrid: Sendable {
    public var cells: [CellResult]
    public var data: [String]
    public var transforms: [String]
    public var formats: [String]
    public var roundings: [String]
    /// The accumulators of matrix-product cells (`GemmMeasurement.accumulator`); "" stands for
    /// tensor cells, which have none.
    public var accumulators: [String]
    private var index: [String: Int] = [:]
    private var descriptors: [String: FormatDescriptor] = [:]
    private var transformSpecs: [String: TransformSpec] = [:]

    /// The grid of `cells`, with the formats and transforms of `spec` (the sweep they came from).
    public init(_ cells: [CellResult], spec: SweepSpec) {
        for choice in spec.choices {
            descriptors[choice.format.spec] = choice.format.descriptor
            transformSpecs[choice.transform.description] = choice.transform
        }
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
        accumulators = ordered(\.accumulator)
        for (i, c) in sorted.enumerated() { index[Self.key(c.data, c.transform, c.format, c.rounding, c.accumulator)] = i }
    }

    /// The cell at these coordinates, if the sweep ran it (`accumulator` "" for tensor data).
    public func cell(data: String, transform: String, format: String, rounding: String, accumulator: String = "") -> CellResult? {
        index[Self.key(data, transform, format, rounding, accumulator)].map { cells[$0] }
    }

    /// Whether some cell is a matrix product.
    public var hasProducts: Bool { cells.contains { $0.gemm != nil } }

    /// The first cell of the format, for its family and bits.
    public func firstCell(format: String) -> CellResult? { cells.first { $0.format == format } }

    /// What the format named `format` is (nil for a format the spec does not hold).
    public func descriptor(format: String) -> FormatDescriptor? { descriptors[format] }

    /// Whether the transform named `transform` is a Hadamard rotation.
    public func isRotation(_ transform: String) -> Bool {
        if case .hadamard = transformSpecs[transform] { return true }
        return false
    }

    /// The untransformed baseline (the `none` transform if present, else the first transform).
    public var baseTransform: String { transforms.first { transformSpecs[$0] == TransformSpec.none } ?? transforms[0] }

    /// Mean of `metric` over the data sources for one format, transform and rounding (defined values only).
    public func meanOverData(_ metric: MetricColumn, format: String, transform: String, rounding: String) -> Double? {
        let values = data.compactMap { d in
            cell(data: d, transform: transform, format: format, rounding: rounding).flatMap { metric.value($0) }
        }.filter(\.isFinite)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    private static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1f}") }
}

extension CellResult {
    /// The accumulator coordinate of the cell ("" for tensor data).
    var accumulator: String { gemm?.accumulator ?? "" }
}
