/// A format that quantizes a whole input with one scale s, `q(x) = fl32(g(fl32(x / s)) s)` for an
/// element grid g: the layer-output search then follows the grid values, which change in few
/// places from one candidate to the next, while every scaled value changes with s.
public protocol GridScaled {
    /// Writes `g(fl32(x / s))` for every element and returns s (0 for an all-zero input, NaN for one
    /// holding Inf or NaN); nil when the format does not use one scale for the whole input.
    func gridValues(_ input: UnsafeBufferPointer<Float>, into grid: UnsafeMutableBufferPointer<Float>, mode: RoundingMode, seed: UInt64) -> Float?
}

extension GridScaled {
    /// The values `fl32(g s)` (NaN for a NaN scale, 0 for a zero one) from grid values.
    static func scaled(_ grid: UnsafeMutableBufferPointer<Float>, by s: Float) {
        for i in grid.indices { grid[i] = s.isNaN ? .nan : s == 0 ? 0 : grid[i] * s }
    }
}

/// An element format on a group with the group's absmax FP32 scale, `s = fl32(amax / max_g)`, elements
/// rounded by the element's saturating variant: bit for bit `ELEMENT/tensor` (`ScaledFormat` with
/// per-tensor FP32 scale), as a search applies an element template to each group.
public struct GroupAbsmaxFormat: TensorFormat, GridScaled {
    public let name: String
    public let element: any ElementFormat
    let grid: any ElementFormat
    let elementMax: Float
    /// The grid's loops (`grid.kernels`), built once.
    let kernels: SpecializedKernels

    public init(name: String, element: any ElementFormat) {
        self.name = name
        self.element = element
        grid = element.saturating
        kernels = grid.kernels
        elementMax = Float(element.info.maxFinite)
    }

    public var bitsPerElement: Double { Double(element.info.bits) }
    /// As `ELEMENT/tensor`'s: a per-tensor FP32 scale.
    public var descriptor: FormatDescriptor {
        (try? ScaledFormat(name: name, element: element, granularity: .tensor, scale: .fp32)).map(FormatDescriptor.init)
            ?? FormatDescriptor(unscaled: element)
    }

    public func gridValues(_ input: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>, mode: RoundingMode, seed: UInt64) -> Float? {
        guard let src = input.baseAddress, let dst = out.baseAddress else { return 0 }
        let m = GroupStatistics.maxMagnitudeBits(src, 0, input.count, finiteOnly: true)
        if m.any >= 0x7F80_0000 { return .nan }
        let amax = Float(bitPattern: m.finite)
        let s = amax / elementMax
        guard amax > 0, s > 0 else { out.update(repeating: 0); return 0 }
        for i in 0 ..< input.count { dst[i] = src[i] / s }
        kernels.quantize(UnsafeBufferPointer(out), into: out, mode: mode, seed: seed, indexOffset: 0)
        return s
    }

    public func fakeQuantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                             mode: RoundingMode, seed: UInt64) throws {
        guard shape.reduce(1, *) == input.count else { throw FormatError.invalidBlock("shape \(shape) does not hold \(input.count) elements") }
        let s = gridValues(input, into: output, mode: mode, seed: seed) ?? 0
        Self.scaled(output, by: s)
    }
}
