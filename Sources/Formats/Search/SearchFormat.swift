/// A search used as a format (`search(...)`, see `SearchSpec`): quantizing a tensor runs the search
/// on it and gives the tensor quantized at the chosen points; `search(_:shape:mode:seed:)` also
/// gives the `SearchReport`. With `objective=output` the layer's activations must be bound first
/// (`binding(_:)`); the sweep runner binds its data entry's `activations`.
public struct SearchFormat: TensorFormat {
    public let spec: SearchSpec
    public let activations: SearchActivations?
    /// The quantizer at the starting point: what the bits, family and element report.
    let start: any TensorFormat

    public init(_ spec: SearchSpec, activations: SearchActivations? = nil) throws {
        self.spec = spec
        self.activations = activations
        start = try spec.family.format(spec: spec.family.spec(at: spec.family.initialPoint))
    }

    public var name: String { spec.text }
    public var bitsPerElement: Double { start.bitsPerElement }
    /// The starting quantizer's description (a search's choices share its family and bits).
    public var descriptor: FormatDescriptor { start.descriptor }
    public var element: any ElementFormat { start.element }

    /// True when the objective needs activations that are not bound.
    public var needsActivations: Bool { spec.objective == .output && activations == nil }

    /// The same search with the layer's input activations.
    public func binding(_ activations: SearchActivations) throws -> SearchFormat { try SearchFormat(spec, activations: activations) }

    /// Runs the search: the tensor quantized at the chosen points, and the report.
    public func search(_ input: UnsafeBufferPointer<Float>, shape: [Int], mode: RoundingMode, seed: UInt64) throws -> (quantized: [Float], report: SearchReport) {
        guard shape.reduce(1, *) == input.count else { throw FormatError.invalidBlock("shape \(shape) does not hold \(input.count) elements") }
        return try CoordinateSearch(spec: spec, mode: mode, seed: seed).run(input, shape: shape, activations: activations)
    }

    public func fakeQuantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                             mode: RoundingMode, seed: UInt64) throws {
        let result = try search(input, shape: shape, mode: mode, seed: seed).quantized
        for i in 0 ..< Swift.min(result.count, output.count) { output[i] = result[i] }
    }
}
