import Formats

/// One explicit cell of a sweep (`cells:`): the data (by position in the spec's `data`), transform,
/// format and rounding it runs.
public struct CellChoice: Sendable, Equatable {
    public var data: Int
    public var transform: TransformSpec
    public var format: ParsedFormat
    public var rounding: RoundingMode

    public init(data: Int, transform: TransformSpec, format: ParsedFormat, rounding: RoundingMode) {
        self.data = data; self.transform = transform; self.format = format; self.rounding = rounding
    }
}
