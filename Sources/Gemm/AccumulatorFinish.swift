import Formats

/// The last step of an accumulator update: from an exactly known sum x to `round_F(x)`, in two
/// parts so the kernels vectorize: `prepare` (inline, per lane, branch-free) takes x in one of its
/// two exact forms to a float32, and `complete` (per batch) finishes the rounding into the state. For a
/// minifloat F, `prepare` gives `RO_24(x)` and `complete` is F's own vectorized buffer rounding
/// (`MiniFloat.quantize`, exact on `RO_24(x)`, see `ExactArithmetic`); for FP32, `prepare` gives the
/// result and `complete` does nothing.
@usableFromInline
protocol AccumulatorFinish {
    /// For `x = s + e`, where `(s, e)` is a float32 TwoSum result; a non-finite s (an earlier Inf
    /// or NaN) is passed on.
    func prepare(sum s: Float, error e: Float) -> Float
    /// For x given as `RO_53(x)` (or x itself when it is NaN or infinite).
    func prepare(odd d: Double) -> Float
    /// Writes `round_F` of `count` prepared values to `output`. The buffers must not overlap: an
    /// in-place call would fail the vectorized loop's overlap check and run scalar.
    func complete(_ prepared: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int)
}

/// FP32 accumulator, nearest-even: `fl32(x)`.
@usableFromInline
struct Float32Nearest: AccumulatorFinish {
    @usableFromInline init() {}
    @inlinable @inline(__always) func prepare(sum s: Float, error e: Float) -> Float { s }
    @inlinable @inline(__always) func prepare(odd d: Double) -> Float { Float(d) }
    @inlinable @inline(__always) func complete(_ prepared: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        output.update(from: prepared, count: count)
    }
}

/// FP32 accumulator, toward zero: the nearest float one unit lower in magnitude when x is below it
/// in magnitude (e of the other sign than s). The float32 sums the kernels form never overflow, so
/// a non-finite s comes from an Inf or NaN already in the sum and is kept.
@usableFromInline
struct Float32TowardZero: AccumulatorFinish {
    @usableFromInline init() {}
    @inlinable @inline(__always) func prepare(sum s: Float, error e: Float) -> Float {
        let bits = s.bitPattern
        let inward = s.isFinite && e != 0 && (bits ^ e.bitPattern) >> 31 == 1
        return Float(bitPattern: inward ? bits &- 1 : bits)
    }
    @inlinable @inline(__always) func prepare(odd d: Double) -> Float { ExactArithmetic.float32(d, towardZero: true) }
    @inlinable @inline(__always) func complete(_ prepared: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        output.update(from: prepared, count: count)
    }
}

/// A minifloat accumulator F, with its own NaN, infinity and overflow rules.
@usableFromInline
struct MiniFloatFinish: AccumulatorFinish {
    @usableFromInline let format: MiniFloat
    @usableFromInline let mode: RoundingMode
    @usableFromInline init(format: MiniFloat, mode: RoundingMode) { self.format = format; self.mode = mode }

    @inlinable @inline(__always) func prepare(sum s: Float, error e: Float) -> Float {
        s.isFinite ? ExactArithmetic.roundToOdd(sum: s, error: e) : s
    }
    @inlinable @inline(__always) func prepare(odd d: Double) -> Float {
        d.isFinite ? ExactArithmetic.narrowToOdd(d) : Float(d)
    }
    @inlinable @inline(__always) func complete(_ prepared: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        format.quantize(UnsafeBufferPointer(start: prepared, count: count), into: UnsafeMutableBufferPointer(start: output, count: count),
                        mode: mode, seed: 0, indexOffset: 0)
    }
}

extension AccumulatorFinish {
    /// `round_F(x)` for one value given as `RO_53(x)`.
    @inlinable @inline(__always)
    func finish(odd d: Double) -> Float {
        var x = prepare(odd: d), y: Float = 0
        complete(&x, into: &y, count: 1)
        return y
    }

    /// `RO_53(acc + a b)` (or the IEEE sum when not finite), for any floats: the product is exact
    /// in Double and the sum is taken to `RO_53` by TwoSum.
    @inlinable @inline(__always)
    static func oddSum(_ acc: Float, _ a: Float, _ b: Float) -> Double {
        let p = Double(a) * Double(b), t = Double(acc)
        return p.isFinite && acc.isFinite ? ExactArithmetic.oddSum(t, p) : t + p
    }

    /// `RO_53(acc + c t)` (or the IEEE sum when not finite), for a float32 acc and Doubles c (a
    /// product of two float32 scales, so exact) and t: `c t = h + l` by TwoProduct, then
    /// `RO_53(acc + h + l)`.
    @inlinable @inline(__always)
    static func oddSum(_ acc: Float, scale c: Double, _ t: Double) -> Double {
        let h = c * t
        let l = (-h).addingProduct(c, t)
        let a = Double(acc)
        return h.isFinite && acc.isFinite ? ExactArithmetic.oddSum(a, h, l) : a + h
    }
}
