/// A seeded synthetic tensor: a distribution, a shape and a seed. `generate()` is a pure function of
/// these three values: values are drawn in C order as Double from `RandomStream(seed:)` and rounded
/// to Float (round to nearest even), so the same spec gives the same bits on any machine.
public struct SyntheticTensor: Sendable, Equatable {
    public var distribution: Distribution
    public var shape: [Int]
    public var seed: UInt64

    public init(_ distribution: Distribution, shape: [Int], seed: UInt64 = 0) {
        self.distribution = distribution
        self.shape = shape
        self.seed = seed
    }

    /// The columns scaled by `.outliers`, ascending: the first draws of the stream pick them by a
    /// partial Fisher-Yates shuffle of 0..<rowLength. Empty for other distributions.
    public var outlierChannels: [Int] {
        var rng = RandomStream(seed: seed)
        return pickOutlierChannels(&rng)
    }

    /// Draws the tensor. The shape must hold at most 2^32 elements (the parser enforces this).
    public func generate() -> Tensor {
        let count = Shape.elementCount(shape) ?? 0
        var rng = RandomStream(seed: seed)
        var columnScale: [Double] = []
        if case let .outliers(_, factor, _) = distribution {
            columnScale = [Double](repeating: 1, count: max(shape.last ?? 1, 1))
            for c in pickOutlierChannels(&rng) { columnScale[c] = factor }
        }
        let row = columnScale.count
        let values = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                let x = distribution.sample(&rng)
                out[i] = Float(row == 0 ? x : x * columnScale[i % row])
            }
            initialized = count
        }
        return Tensor(shape: count == (Shape.elementCount(shape) ?? -1) ? shape : [count], values: values)
    }

    private func pickOutlierChannels(_ rng: inout RandomStream) -> [Int] {
        guard case let .outliers(channels, _, _) = distribution else { return [] }
        var columns = Array(0..<max(shape.last ?? 1, 1))
        let k = min(max(channels, 0), columns.count)
        for i in 0..<k {
            columns.swapAt(i, i + rng.nextBelow(columns.count - i))
        }
        return columns[0..<k].sorted()
    }
}
