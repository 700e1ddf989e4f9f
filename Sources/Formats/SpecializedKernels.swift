/// The loops of one element format, compiled for its rounding: the buffer loop, the per-element
/// loop the exhaustive check compares it with, the element passes of scaled formats (precomputed
/// group scales, the fused block pass, the fused row pass of `cross`), and the squared errors of the
/// `clip=mse` search (`ClippingSearchPass`).
///
/// This is the one place where fast code is chosen per element type. Every format gets its loops
/// from `ElementFormat.kernels`, whose default builds them for the format's own type, so a new
/// format runs specialized and vectorized (wherever its `quantize` is branch-free) with no code of
/// its own. A format whose rounding has a faster form for some of its facts overrides `kernels`
/// and returns `SpecializedKernels(format: self, rounder: thatForm)` (`MiniFloat` fixes its
/// subnormal and exponent-only paths as types).
///
/// The initializers are `@inlinable`, so a format defined outside QuantLab (the README's example)
/// gets its buffer and per-element loops specialized in its own module too; the scaled passes are
/// specialized for the formats inside Formats (see `ScaledKernel`).
public struct SpecializedKernels: Sendable {
    @usableFromInline let buffer: @Sendable (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>, RoundingMode, UInt64, Int) -> Void
    @usableFromInline let perElement: @Sendable (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>, RoundingMode) -> Void
    @usableFromInline let groups: @Sendable (ScaledKernel) -> Void
    @usableFromInline let blocks: @Sendable (ScaledKernel, BlockPass) -> Void
    @usableFromInline let rows: @Sendable (ScaledKernel, RowPass) -> Void
    @usableFromInline let clippingErrors: @Sendable (ClippingSearchPass) -> Void

    /// The loops of `format`, rounding with `rounder` (which must round exactly as `format` does).
    @inlinable
    public init<F: ElementFormat, R: ElementRounding & Sendable>(format: F, rounder: R) {
        buffer = { ElementKernel.run(rounder, $0, $1, mode: $2, seed: $3, indexOffset: $4) }
        perElement = { input, output, mode in
            for i in input.indices { output[i] = format.quantize(input[i], mode: mode, random: 0) }
        }
        groups = { kernel in kernel.run(rounder) }
        blocks = { kernel, pass in kernel.runBlocks(rounder, pass) }
        rows = { kernel, pass in kernel.runRows(rounder, pass) }
        clippingErrors = { pass in pass.run(rounder) }
    }

    /// The loops of `format` with its own rounding.
    @inlinable
    public init<F: ElementFormat>(_ format: F) {
        self.init(format: format, rounder: format)
    }

    /// The buffer loop: `output[i] = quantize(input[i])` on all cores (see `ElementKernel`).
    public func quantize(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                         mode: RoundingMode, seed: UInt64, indexOffset: Int) {
        buffer(input, output, mode, seed, indexOffset)
    }

    /// The format's per-element `quantize` on every element, on the calling thread, with `random` 0
    /// (not for stochastic rounding): the path the exhaustive check compares with the buffer loop.
    public func quantizeEach(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>, mode: RoundingMode) {
        precondition(input.count == output.count, "input and output buffers differ in length")
        perElement(input, output, mode)
    }
}
