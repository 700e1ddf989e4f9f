import Formats

/// One explicit cell of a sweep (`cells:`): the data (by position in the spec's `data`), transform,
/// format and rounding it runs (and, for a matrix-product entry, the accumulator).
public struct CellChoice: Sendable, Equatable {
    public var data: Int
    public var transform: TransformSpec
    public var format: ParsedFormat
    public var rounding: RoundingMode
    /// The accumulator of a matrix-product data entry (nil for tensor data).
    public var accumulator: AccumulatorChoice?

    public init(data: Int, transform: TransformSpec, format: ParsedFormat, rounding: RoundingMode, accumulator: AccumulatorChoice? = nil) {
        self.data = data; self.transform = transform; self.format = format; self.rounding = rounding
        self.accumulator = accumulator
    }
}
