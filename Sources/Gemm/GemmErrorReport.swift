import Foundation
import Tensors

/// The error of an emulated GEMM split by source, on a sample of outputs.
///
/// For each sampled output (i, j), three float32 values:
/// - `r`: the exact dot product of the *unquantized*, unrotated operands (row i of A, row j of B as
///   given), rounded once to float32 (nearest-even);
/// - `q`: the exact dot product of the *quantized* operands (`P s`, after the rotation), rounded once
///   to float32: what a perfect accumulator would return;
/// - `y`: the emulated GEMM's output.
/// The errors `total = y - r`, `quantization = q - r` and `accumulation = y - q` (exact in Double)
/// satisfy `total = quantization + accumulation` for every output. For each part:
/// `QSNR = 10 log10(sum r^2 / sum e^2)` dB (nil, and no key in JSON, when every e is 0), and over outputs with `r != 0`
/// the relative error `|e| / |r|`: its maximum, its mean, and the share of outputs above 1%.
/// Outputs where y, q or r is NaN or infinite are left out of every part and counted.
///
/// Sampling: all outputs when `samples >= M N`, otherwise one output in each of `samples` equal
/// strata of the row-major order: stratum s is `[floor(s M N / samples), floor((s + 1) M N / samples))`
/// and its output is `start + floor(u_s (end - start))`, `u_s` in [0, 1) from a SplitMix64 stream of
/// `seed`: distinct, in order, reproducible.
public struct GemmErrorReport: Codable, Sendable, Equatable {
    public struct Part: Codable, Sendable, Equatable {
        public var qsnrDB: Double?
        public var maxRelativeError: Double
        public var meanRelativeError: Double
        public var shareAbove1Percent: Double
        public var sumSquaredError: Double
    }

    public var m: Int, n: Int, k: Int
    public var aFormat: String, bFormat: String
    public var accumulator: String
    public var accumulatorRounding: String
    public var promotion: Int?
    public var blockSum: String
    public var hadamard: String?
    /// Outputs compared, outputs left out (non-finite), and outputs with r = 0 (no relative error).
    public var samples: Int
    public var nonFinite: Int
    public var zeroReference: Int
    public var total: Part
    public var quantization: Part
    public var accumulation: Part

    /// Measures `y` (M x N, from `gemm` on `a` and `b`) against the exact references.
    /// `a`, `b` are the unquantized operands as given (before rotation), `qa`, `qb` the quantized ones.
    public init(gemm: QuantizedGemm, a: [Float], b: [Float], qa: QuantizedOperand, qb: QuantizedOperand, y: [Float],
                samples: Int, seed: UInt64 = 0) throws {
        guard samples >= 1 else { throw GemmError.badSamples(samples) }
        let (m, n, k) = (qa.rows, qb.rows, qa.depth)
        let indices = GemmErrorReport.sample(count: m * n, samples: samples, seed: seed)
        // Exact references per sample, in parallel; reduced below in sample order.
        var exact = [(q: Float, r: Float)](repeating: (0, 0), count: indices.count)
        let perTask = 64
        exact.withUnsafeMutableBufferPointer { out in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    let o = out.baseAddress!, x = pa.baseAddress!, z = pb.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: (indices.count + perTask - 1) / perTask) { task in
                        var sum = ExactSum()
                        for s in task * perTask ..< min(indices.count, (task + 1) * perTask) {
                            let (i, j) = indices[s].quotientAndRemainder(dividingBy: n)
                            let q = Float(ExactDot.odd(qa, row: i, qb, row: j, sum: &sum))
                            let r = Float(ExactDot.odd(x + i * k, z + j * k, count: k, sum: &sum))
                            o[s] = (q, r)
                        }
                    }
                }
            }
        }
        var parts = [PartSums](repeating: PartSums(), count: 3)
        var signal = 0.0, nonFinite = 0, zero = 0
        for (s, index) in indices.enumerated() {
            let (q, r) = exact[s], out = y[index]
            guard q.isFinite, r.isFinite, out.isFinite else { nonFinite += 1; continue }
            let (yd, qd, rd) = (Double(out), Double(q), Double(r))
            signal += rd * rd
            if r == 0 { zero += 1 }
            for (p, e) in [yd - rd, qd - rd, yd - qd].enumerated() { parts[p].add(error: e, reference: rd) }
        }
        self.m = m; self.n = n; self.k = k
        aFormat = qa.formatName ?? "none"; bFormat = qb.formatName ?? "none"
        accumulator = gemm.accumulator.description
        accumulatorRounding = gemm.accumulatorRounding.rawValue
        promotion = gemm.promotion
        blockSum = gemm.blockSum.rawValue
        hadamard = gemm.rotation.map { r in (r.blockSize.map(String.init) ?? "full") + (r.signSeed.map { ":random(\($0))" } ?? "") }
        self.samples = indices.count; self.nonFinite = nonFinite; zeroReference = zero
        total = parts[0].part(signal: signal); quantization = parts[1].part(signal: signal); accumulation = parts[2].part(signal: signal)
    }

    /// The sampled output indices (row-major), in increasing order.
    public static func sample(count: Int, samples: Int, seed: UInt64) -> [Int] {
        guard samples < count else { return Array(0 ..< count) }
        var random = SplitMix64(seed: seed)
        return (0 ..< samples).map { s in
            func bound(_ s: Int) -> Int { samples.dividingFullWidth(s.multipliedFullWidth(by: count)).quotient }
            let start = bound(s), end = bound(s + 1)
            let u = Double(random.next() >> 11) * 0x1p-53
            return start + Int(u * Double(end - start))
        }
    }

    /// Running sums of one part.
    struct PartSums {
        var squared = 0.0, relativeSum = 0.0, maxRelative = 0.0
        var relativeCount = 0, above = 0

        mutating func add(error e: Double, reference r: Double) {
            squared += e * e
            guard r != 0 else { return }
            let relative = Swift.abs(e) / Swift.abs(r)
            relativeSum += relative
            maxRelative = Swift.max(maxRelative, relative)
            relativeCount += 1
            if relative > 0.01 { above += 1 }
        }

        func part(signal: Double) -> Part {
            let count = Double(Swift.max(relativeCount, 1))
            return Part(qsnrDB: squared > 0 ? 10 * log10(signal / squared) : nil,
                        maxRelativeError: maxRelative, meanRelativeError: relativeSum / count,
                        shareAbove1Percent: Double(above) / count, sumSquaredError: squared)
        }
    }
}

