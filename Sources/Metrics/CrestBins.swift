import Foundation

/// Blocks binned by their own crest factor, with the mean relative error of each bin: the measured
/// counterpart of `QSNRModel` ("INT v.s. FP", arXiv 2510.25602: kappa per block, sigma the block's
/// RMS, so kappa = max|x| / RMS(x) <= sqrt(g) for a block of g).
///
/// A block b of x (g consecutive elements along the last axis, as `Measures.blockCrestFactors`)
/// with quantized values q has kappa_b = max|x_b| / RMS(x_b) and relative error
/// r_b = sum (x - q)^2 / sum x^2. Bin i holds the blocks with edges[i] <= kappa_b < edges[i + 1]; its
/// QSNR is -10 log10(mean r_b), the model's quantity (the expected error per block in units of the
/// block's own sigma^2). All-zero blocks and blocks outside the edges are counted apart and left out.
/// Sums run in Double, block by block in order, so the result does not depend on the machine.
public struct CrestBins: Sendable, Equatable {
    /// Bin i covers [edges[i], edges[i + 1]).
    public let edges: [Double]
    public private(set) var counts: [Int]
    public private(set) var crestSums: [Double]
    public private(set) var errorSums: [Double]
    /// Blocks left out: all zero, or kappa outside the edges.
    public private(set) var skipped = 0

    /// Equal bins of `width` from `lower` up to the first edge at or above `upper`.
    public init(from lower: Double, to upper: Double, width: Double) {
        precondition(width > 0 && upper > lower, "bins need width > 0 and upper > lower")
        let n = Int((upper - lower) / width - 1e-9) + 1
        self.init(edges: (0...n).map { lower + Double($0) * width })
    }

    public init(edges: [Double]) {
        precondition(edges.count >= 2 && zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 }, "edges must increase")
        self.edges = edges
        counts = Array(repeating: 0, count: edges.count - 1)
        crestSums = counts.map(Double.init)
        errorSums = crestSums
    }

    public var binCount: Int { counts.count }

    /// Adds every block of `original` (rows of `rowLength`, blocks of `blockSize` along them, a shorter
    /// block at a row's end) quantized to `quantized`.
    public mutating func add(original x: [Float], quantized q: [Float], rowLength n: Int, blockSize k: Int) {
        precondition(x.count == q.count && n > 0 && x.count % n == 0 && k > 0, "shapes differ")
        for rowStart in stride(from: 0, to: x.count, by: n) {
            for start in stride(from: rowStart, to: rowStart + n, by: k) {
                let end = Swift.min(start + k, rowStart + n)
                var energy = 0.0, error = 0.0, absMax: Float = 0
                for i in start..<end {
                    let v = Double(x[i]), e = v - Double(q[i])
                    energy += v * v
                    error += e * e
                    absMax = Swift.max(absMax, Swift.abs(x[i]))
                }
                let kappa = Measures.crestFactor(absMax: Double(absMax), rms: (energy / Double(end - start)).squareRoot())
                guard energy > 0, let bin = bin(of: kappa) else { skipped += 1; continue }
                counts[bin] += 1
                crestSums[bin] += kappa
                errorSums[bin] += error / energy
            }
        }
    }

    /// The bin holding `kappa`, nil outside the edges (or NaN).
    public func bin(of kappa: Double) -> Int? {
        guard kappa >= edges[0], kappa < edges[edges.count - 1] else { return nil }
        var lo = 0, hi = edges.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if kappa >= edges[mid] { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The mean crest factor of bin `i` (NaN when empty).
    public func meanCrest(_ i: Int) -> Double { counts[i] == 0 ? .nan : crestSums[i] / Double(counts[i]) }

    /// -10 log10(mean relative error) of bin `i` (NaN when empty, +Inf when every block is exact).
    public func qsnrDB(_ i: Int) -> Double {
        counts[i] == 0 ? .nan : Measures.qsnrDB(signalEnergy: Double(counts[i]), errorEnergy: errorSums[i])
    }
}
