/// A dense tensor: a shape and its elements in C (row-major) order, as float32.
///
/// Every stage of QuantLab passes this plain value: readers produce it, transforms and formats
/// map it, metrics read it. The last axis is the "row" axis along which blocks are formed.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// Number of elements (product of the shape; 1 for a scalar).
    public var count: Int { values.count }

    /// Length of the last axis (the row length); the whole count for a 0-d or 1-d tensor.
    public var rowLength: Int { shape.last ?? 1 }
}
