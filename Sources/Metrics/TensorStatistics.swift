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
            var partial = RawSums()
            partial.add(x, range)
            return partial
        }
        let mean = Self.mean(raw, count: x.count)
        let central = ChunkedReduction.map(count: x.count, concurrency: concurrency) { range in
            var partial = CentralSums()
            partial.add(x, range, mean: mean)
            return partial
        }
        self.init(count: x.count, raw: raw, central: central)
    }

    /// One chunk's first-pass sums, formed in index order (a chunk may be added in pieces).
    struct RawSums {
        var sum = 0.0, squares = 0.0, absMax: Float = 0

        mutating func add(_ x: UnsafeBufferPointer<Float>, _ range: Range<Int>) {
            for i in range {
                let v = Double(x[i])
                sum += v
                squares += v * v
                absMax = Swift.max(absMax, Swift.abs(x[i]))
            }
        }
    }

    /// One chunk's second-pass sums of (x - mean)^2 and (x - mean)^4, in index order.
    struct CentralSums {
        var m2 = 0.0, m4 = 0.0

        mutating func add(_ x: UnsafeBufferPointer<Float>, _ range: Range<Int>, mean: Double) {
            for i in range {
                let d = Double(x[i]) - mean
                let d2 = d * d
                m2 += d2
                m4 += d2 * d2
            }
        }
    }

    /// The mean from the first-pass sums of every chunk, in chunk order.
    static func mean(_ raw: [RawSums], count: Int) -> Double { raw.reduce(0) { $0 + $1.sum } / Double(count) }

    /// The statistics from both passes' sums of every chunk, combined in chunk order.
    init(count: Int, raw: [RawSums], central: [CentralSums]) {
        let n = Double(count)
        let m2 = central.reduce(0) { $0 + $1.m2 } / n
        let m4 = central.reduce(0) { $0 + $1.m4 } / n
        self.count = count
        mean = Self.mean(raw, count: count)
        std = m2.squareRoot()
        rms = (raw.reduce(0) { $0 + $1.squares } / n).squareRoot()
        absMax = count == 0 ? .nan : Double(raw.reduce(Float(0)) { Swift.max($0, $1.absMax) })
        crestFactor = Measures.crestFactor(absMax: absMax, rms: rms)
        kurtosis = Measures.kurtosis(centralMoment2: m2, centralMoment4: m4)
    }

    /// Statistics of the elements of `x`.
    public init(_ x: [Float], concurrency: Int? = nil) {
        self = x.withUnsafeBufferPointer { TensorStatistics($0, concurrency: concurrency) }
    }
}
