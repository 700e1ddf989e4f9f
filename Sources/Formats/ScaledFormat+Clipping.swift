/// Clipping: the factor applied to each group's amax before its scale is derived.
extension ScaledFormat {
    /// The ratios the MSE search tries: 1.00, 0.99, ..., 0.50.
    public static let clippingGrid: [Float] = (0 ... 50).map { Float(100 - $0) / 100 }

    /// `clip=mse`: the scales of the ratio in `clippingGrid` whose round-to-nearest-even result has
    /// the least squared error over the finite inputs (ties keep the larger ratio), with that ratio.
    func mseSearch(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout) throws -> (scales: Scales, ratio: Float) {
        var scratch = [Float](repeating: 0, count: input.count)
        var best: (scales: Scales?, ratio: Float, error: Double) = (nil, 1, .infinity)
        for ratio in ScaledFormat.clippingGrid {
            let s = try scales(input, layout: layout, ratio: ratio)
            let error = scratch.withUnsafeMutableBufferPointer { out -> Double in
                apply(s, input, out, mode: .nearestEven, seed: 0)
                return ScaledFormat.squaredError(input, UnsafeBufferPointer(out))
            }
            if best.scales == nil || error < best.error { best = (s, ratio, error) }
        }
        return (best.scales!, best.ratio)
    }

    /// Sum of squared differences over finite inputs, in Double, in a fixed order.
    static func squaredError(_ x: UnsafeBufferPointer<Float>, _ q: UnsafeBufferPointer<Float>) -> Double {
        var total = 0.0
        for i in 0 ..< x.count where x[i].isFinite {
            let d = Double(x[i]) - Double(q[i])
            total += d * d
        }
        return total
    }
}
