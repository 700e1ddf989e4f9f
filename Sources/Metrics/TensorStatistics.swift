/// Distribution statistics of one tensor's elements (usually the original x, before quantization).
///
/// Two passes in Double over fixed chunks (see `ChunkedReduction`): the first forms sum x, sum x^2
/// and max|x|; the second the central moments sum (x - mean)^2 and sum (x - mean)^4, which avoids
/// the cancellation of raw power sums. Results do not depend on the thread count.
public struct TensorStatistics: Codable, Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Population standard deviation sqrt(mean((x - mean)^2)).
    public var std: Double
    /// Root mean square sqrt(mean(x^2)).
    public var rms: Double
    /// max |x|.
    public var absMax: Double
    /// max|x| / RMS over the whole tensor (`Measures.crestFactor`); NaN for an all-zero tensor.
    public var crestFactor: Double
    /// Pearson kurtosis m4 / m2^2, not excess (`Measures.kurtosis`); NaN for a constant tensor.
    public var kurtosis: Double

    /// Statistics of `x`; every field but `count` is NaN for an empty buffer.
    public init(_ x: UnsafeBufferPointer<Float>, concurrency: Int? = nil) {
        let raw = ChunkedReduction.map(count: x.count, concurrency: concurrency) { range in
            var sum = 0.0, squares = 0.0, absMax: Float = 0
            for i in range {
                let v = Double(x[i])
                sum += v
                squares += v * v
                absMax = Swift.max(absMax, Swift.abs(x[i]))
            }
            return (sum, squares, absMax)
        }
        let n = Double(x.count)
        let mean = raw.reduce(0) { $0 + $1.0 } / n
        let central = ChunkedReduction.map(count: x.count, concurrency: concurrency) { range in
            var m2 = 0.0, m4 = 0.0
            for i in range {
                let d = Double(x[i]) - mean
                let d2 = d * d
                m2 += d2
                m4 += d2 * d2
            }
            return (m2, m4)
        }
        let m2 = central.reduce(0) { $0 + $1.0 } / n
        let m4 = central.reduce(0) { $0 + $1.1 } / n
        count = x.count
        self.mean = mean
        std = m2.squareRoot()
        rms = (raw.reduce(0) { $0 + $1.1 } / n).squareRoot()
        absMax = x.isEmpty ? .nan : Double(raw.reduce(Float(0)) { Swift.max($0, $1.2) })
        crestFactor = Measures.crestFactor(absMax: absMax, rms: rms)
        kurtosis = Measures.kurtosis(centralMoment2: m2, centralMoment4: m4)
    }

    /// Statistics of the elements of `x`.
    public init(_ x: [Float], concurrency: Int? = nil) {
        self = x.withUnsafeBufferPointer { TensorStatistics($0, concurrency: concurrency) }
    }
}
