/// A format applied to a whole tensor: an element format, possibly with scales over some
/// granularity (per tensor, per channel, per block). This is what the CLI, the sweep runner and the
/// metrics see; element formats conform directly (no scaling), `ScaledFormat` adds scales.
///
/// `shape` is the tensor's shape in C order; blocks run along the last axis.
public protocol TensorFormat: Sendable {
    /// The spec string that names this format.
    var name: String { get }
    /// Storage bits per element, including scale overhead (MXFP4: 4 + 8/32 = 4.25).
    var bitsPerElement: Double { get }
    /// What the format is, as data (element family and bits, scaling, standard).
    var descriptor: FormatDescriptor { get }
    /// The element format inside.
    var element: any ElementFormat { get }

    /// Writes dequantize(quantize(input)) to `output`. Throws for shapes the format cannot take.
    func fakeQuantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                      mode: RoundingMode, seed: UInt64) throws
}

extension TensorFormat {
    /// Fake-quantizes an array of the given shape.
    public func fakeQuantize(_ values: [Float], shape: [Int], mode: RoundingMode = .nearestEven, seed: UInt64 = 0) throws -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        try values.withUnsafeBufferPointer { input in
            try out.withUnsafeMutableBufferPointer { output in
                try fakeQuantize(input, shape: shape, into: output, mode: mode, seed: seed)
            }
        }
        return out
    }
}

/// An element format used on a tensor with no scale: values are rounded as they are.
public struct UnscaledFormat: TensorFormat {
    public let element: any ElementFormat
    public init(_ element: any ElementFormat) { self.element = element }
    public var name: String { element.info.name }
    public var bitsPerElement: Double { Double(element.info.bits) }
    public var descriptor: FormatDescriptor { FormatDescriptor(unscaled: element) }

    public func fakeQuantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                             mode: RoundingMode, seed: UInt64) throws {
        element.quantize(input, into: output, mode: mode, seed: seed, indexOffset: 0)
    }
}
