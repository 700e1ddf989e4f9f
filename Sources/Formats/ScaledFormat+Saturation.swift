/// Saturation: the largest magnitude each element's group can represent.
extension ScaledFormat {
    /// The saturation limit of every element of `input` (C order, `shape`): the largest value its
    /// group can represent, `elementMax * scale` of the group (scales from `scales(...)` with this
    /// tensor's clipping ratio, so the second-level tensor scale is included), so an element with
    /// |x| > limit saturates. Asymmetric groups use the larger side of the grid, `max(levels - z, z) * s`.
    /// A group whose scale is NaN (it holds Inf or NaN) or zero (all-zero group) has limit +Inf:
    /// nothing in it is counted as saturated. Throws for shapes the format cannot take, as
    /// `fakeQuantize` does.
    public func saturationLimits(_ input: UnsafeBufferPointer<Float>, shape: [Int]) throws -> [Float] {
        let layout = try GroupLayout(granularity, shape: shape, count: input.count, spec: name)
        let ratio = try clippingRatio(input, shape: shape, layout: layout)
        let s = try scales(input, layout: layout, ratio: ratio)
        let groupLimits = s.scales.indices.map { g -> Float in
            let scale = s.scales[g]
            guard scale.isFinite, scale != 0 else { return .infinity }
            if let z = s.zeroPoints?[g] { return Swift.max(elementMax - z, z) * scale }
            return elementMax * scale
        }
        var limits = [Float](repeating: .infinity, count: input.count)
        layout.forEachElement { i, g in limits[i] = groupLimits[g] }
        return limits
    }

    /// The saturation limits of an array of the given shape.
    public func saturationLimits(_ values: [Float], shape: [Int]) throws -> [Float] {
        try values.withUnsafeBufferPointer { try saturationLimits($0, shape: shape) }
    }
}
