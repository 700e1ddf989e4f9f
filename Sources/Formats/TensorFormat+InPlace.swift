extension TensorFormat {
    /// Whether `fakeQuantizeInPlace` needs no second buffer: element formats without a scale and
    /// `ScaledFormat`, whose passes compute every statistic they need (group amax, tensor scale,
    /// `clip=mse` ratio) before they write the elements it covers, and write each element only after
    /// reading it. Other format types quantize into a copy.
    public var quantizesInPlace: Bool { self is UnscaledFormat || self is ScaledFormat }

    /// Replaces `values` (a tensor of `shape`) by dequantize(quantize(values)): the values of
    /// `fakeQuantize` bit for bit, without a second tensor where `quantizesInPlace`.
    public func fakeQuantizeInPlace(_ values: UnsafeMutableBufferPointer<Float>, shape: [Int], mode: RoundingMode, seed: UInt64) throws {
        let input = UnsafeBufferPointer(values)
        if let scaled = self as? ScaledFormat {
            try scaled.fakeQuantize(input, shape: shape, into: values, mode: mode, seed: seed)
        } else if quantizesInPlace {
            try fakeQuantize(input, shape: shape, into: values, mode: mode, seed: seed)
        } else {
            let copy = Array(input)
            try copy.withUnsafeBufferPointer { try fakeQuantize($0, shape: shape, into: values, mode: mode, seed: seed) }
        }
    }
}
