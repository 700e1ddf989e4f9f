/// A number format for single elements: a finite set of codes, each with an exact value, and a
/// rounding from any `Float` to one of them under a `RoundingMode`.
///
/// Conforming types describe the format as data (`info`, the stored facts) and implement the three
/// per-element maps. Whole buffers go through `quantize(_:into:mode:seed:indexOffset:)`, which runs
/// the format's `kernels`: loops specialized for its type and vectorized by LLVM.
///
/// Adding a format is one type conforming to this protocol and one line in `FormatRegistry` (see
/// the README's "Adding a format"): it then runs fast (`kernels`), composes with every scaling and
/// is verified against MPFR (`Reference`'s generic value-set reference).
public protocol ElementFormat: ElementRounding, Sendable {
    /// The facts of the format: bits, range, specials, definition.
    var info: FormatInfo { get }

    /// `x` rounded to the format under `mode`, returned as the exact value (a `Float` holds every
    /// value of every supported format). `random` is the element's `StochasticBits` draw; other
    /// modes ignore it. NaN, infinities and overflow follow the format's documented rule.
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float

    /// The code of a value that `quantize` returned.
    func encode(rounded value: Float) -> UInt32

    /// The exact value of `code` (`0 ..< 2^bits`); NaN codes give NaN.
    func decode(_ code: UInt32) -> Float

    /// The same format with overflow clamped to the largest finite value (and infinities to it).
    var saturating: any ElementFormat { get }

    /// The format's loops, compiled for its rounding (the opt-in hook for fast code; see
    /// `SpecializedKernels`). The default specializes them for the format's own type.
    var kernels: SpecializedKernels { get }
}

extension ElementFormat {
    @inlinable
    public var kernels: SpecializedKernels { SpecializedKernels(self) }

    /// Fake-quantizes a contiguous buffer (`output[i] = quantize(input[i])`) on all cores with the
    /// format's `kernels`. `indexOffset` is the global index of `input[0]` in the stochastic stream.
    public func quantize(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                         mode: RoundingMode, seed: UInt64, indexOffset: Int) {
        kernels.quantize(input, into: output, mode: mode, seed: seed, indexOffset: indexOffset)
    }

    /// Bits per stored code.
    public var bits: Int { info.bits }

    /// The code `x` rounds to.
    @inlinable
    public func encode(_ x: Float, mode: RoundingMode = .nearestEven, random: UInt32 = 0) -> UInt32 {
        encode(rounded: quantize(x, mode: mode, random: random))
    }

    /// Fake-quantizes an array (convenience over the buffer entry point).
    public func quantize(_ values: [Float], mode: RoundingMode = .nearestEven, seed: UInt64 = 0) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                quantize(input, into: output, mode: mode, seed: seed, indexOffset: 0)
            }
        }
        return out
    }

    /// Encodes an array to codes (one `UInt32` per element; see `PackedCodes` for dense storage).
    public func encode(_ values: [Float], mode: RoundingMode = .nearestEven, seed: UInt64 = 0) -> [UInt32] {
        let rounded = quantize(values, mode: mode, seed: seed)
        return rounded.map { encode(rounded: $0) }
    }

    /// Every value of the format, indexed by code.
    public var allValues: [Float] { (0 ..< (1 << info.bits)).map { decode(UInt32($0)) } }
}
