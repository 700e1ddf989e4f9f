import Dispatch

/// Wall-clock throughput of a buffer kernel: the best of `repeats` runs over `count` float32
/// values, in millions of elements per second. Used by `quantlab bench`; speed is shown by that
/// command, never asserted in a test.
public enum Throughput {
    public struct Measurement: Sendable {
        public let name: String
        public let elements: Int
        public let bestSeconds: Double
        public var melemPerSecond: Double { Double(elements) / bestSeconds / 1e6 }
        /// Bytes read plus bytes written per second, in GB/s.
        public var gigabytesPerSecond: Double { Double(elements) * 8 / bestSeconds / 1e9 }
    }

    /// A deterministic test signal: a normal-like spread over many binades with some outliers.
    public static func signal(count: Int, seed: UInt64 = 1) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { p in
            ParallelChunks.run(count: count) { start, end in
                for i in start ..< end {
                    let r = StochasticBits.bits(seed: seed, index: i)
                    let u = Float(r >> 8) * 0x1p-24 - 0.5
                    let scale: Float = (r & 0xFF) == 0 ? 40 : 2
                    p[i] = u * scale * u * 4 + u
                }
            }
        }
        return out
    }

    /// Times `body(input, output)` `repeats` times after one warm-up run.
    public static func measure(_ name: String, input: [Float], repeats: Int = 5,
                               _ body: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows -> Measurement {
        var output = [Float](repeating: 0, count: input.count)
        var best = Double.infinity
        try input.withUnsafeBufferPointer { src in
            try output.withUnsafeMutableBufferPointer { dst in
                for run in 0 ... repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    try body(src, dst)
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    if run > 0 { best = min(best, seconds) }
                }
            }
        }
        return Measurement(name: name, elements: input.count, bestSeconds: best)
    }

    /// A plain parallel copy of the same buffer: the memory-bandwidth baseline.
    public static func copy(_ src: UnsafeBufferPointer<Float>, _ dst: UnsafeMutableBufferPointer<Float>) {
        guard let s = src.baseAddress, let d = dst.baseAddress else { return }
        ParallelChunks.run(count: src.count) { start, end in
            (d + start).update(from: s + start, count: end - start)
        }
    }
}
