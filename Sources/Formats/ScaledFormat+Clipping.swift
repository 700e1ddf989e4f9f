/// Clipping: the factor applied to each group's amax before its scale is derived.
extension ScaledFormat {
    /// The ratios the MSE search tries: 1.00, 0.99, ..., 0.50.
    public static let clippingGrid: [Float] = (0 ... 50).map { Float(100 - $0) / 100 }

    /// The clipping ratio for this tensor: 1 (absmax), the fixed ratio, or the MSE-search winner.
    func clippingRatio(_ input: UnsafeBufferPointer<Float>, shape: [Int], layout: GroupLayout) throws -> Float {
        switch clipping {
        case .absmax: return 1
        case let .ratio(r): return r
        case .mseSearch:
            var scratch = [Float](repeating: 0, count: input.count)
            var best: (ratio: Float, error: Double) = (1, .infinity)
            for ratio in ScaledFormat.clippingGrid {
                let s = try scales(input, layout: layout, ratio: ratio)
                let error = scratch.withUnsafeMutableBufferPointer { out -> Double in
                    apply(s, input, out, layout: layout, mode: .nearestEven, seed: 0)
                    return ScaledFormat.squaredError(input, UnsafeBufferPointer(out))
                }
                if error < best.error { best = (ratio, error) }
            }
            return best.ratio
        }
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
