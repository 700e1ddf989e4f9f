/// The one per-element operation the buffer loop needs; `ElementFormat` refines it, and a format
/// may pass a specialized rounder (one with some of its facts fixed at compile time) instead.
public protocol ElementRounding {
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float
}

/// The buffer loop shared by every element format: splits the buffer into fixed chunks run on all
/// cores, and inside a chunk runs a loop with the rounding mode fixed, so that after inlining the
/// per-element function is branch-free and LLVM vectorizes it. Allocates nothing.
public enum ElementKernel {
    @inlinable @inline(__always)
    public static func run<F: ElementRounding>(_ format: F, _ input: UnsafeBufferPointer<Float>,
                                             _ output: UnsafeMutableBufferPointer<Float>,
                                             mode: RoundingMode, seed: UInt64, indexOffset: Int) {
        precondition(input.count == output.count, "input and output buffers differ in length")
        guard let src = input.baseAddress, let dst = output.baseAddress else { return }
        ParallelChunks.run(count: input.count) { start, end in
            switch mode {
            case .nearestEven: loop(format, src, dst, start, end, .nearestEven)
            case .nearestAway: loop(format, src, dst, start, end, .nearestAway)
            case .towardZero: loop(format, src, dst, start, end, .towardZero)
            case .towardPositive: loop(format, src, dst, start, end, .towardPositive)
            case .towardNegative: loop(format, src, dst, start, end, .towardNegative)
            case .stochastic:
                for i in start ..< end {
                    let r = StochasticBits.bits(seed: seed, index: indexOffset + i)
                    dst[i] = format.quantize(src[i], mode: .stochastic, random: r)
                }
            }
        }
    }

    @inlinable @inline(__always)
    static func loop<F: ElementRounding>(_ format: F, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                       _ start: Int, _ end: Int, _ mode: RoundingMode) {
        for i in start ..< end { dst[i] = format.quantize(src[i], mode: mode, random: 0) }
    }
}
