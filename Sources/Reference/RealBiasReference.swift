import Formats

/// The MPFR reference of LLM-FP4's quantizer `fpq(eXmY, ...)` (`RealBiasFloat`), written from the
/// definition in `RealBiasFloat`'s doc comment (arXiv 2310.16836 §3, Eqs. 4-7) and its stored facts
/// (exponent and mantissa bits, bias rule, granularity); it never calls the fast path's scale or
/// rounding. Per group (`ScaledReferenceLayout`):
/// 1. `amax` = the largest finite |x| (a group holding Inf or NaN becomes NaN; an all-zero group
///    becomes zeros);
/// 2. `Qmax0 = (2 - 2^-m) 2^(2^e - 1)`, exact; `s0 = fl32(amax / Qmax0)` (one MPFR division, rounded
///    to float32); `s = s0` for `factor = 1`, `fl32(exp2(c log2 s0))` for `factor = c` and
///    `fl32(exp2(-b))` for `bias = b`, where exp2 and log2 are `BinaryPowers`, which the definition
///    names (so that the bias has the same bits on every machine);
/// 3. the grid scale `2s` (exact doubling; a group whose 2s is 0 or overflows becomes zeros);
/// 4. each element: `y = fl32(x / 2s)` (MPFR, rounded once), `q` = y rounded on the bias-1 grid
///    `fp:eXmY:b1:finite:sat` by its own MPFR reference (`ReferenceRounding`), value `fl32(q 2s)`.
/// Stochastic rounding draws `StochasticBits` of the element's index in the tensor.
public final class RealBiasReference {
    public let format: RealBiasFloat
    let grid: ReferenceRounding
    /// Qmax0, exact (at most 12 significant bits times a power of two).
    let qmax0: MPFRValue

    public init(_ format: RealBiasFloat) throws {
        self.format = format
        let e = format.exponentBits, m = format.mantissaBits
        grid = try ReferenceRounding(MiniFloat(exponentBits: e, mantissaBits: m, bias: 1, specials: .finite, saturating: true,
                                               name: "fp:e\(e)m\(m):b1:finite:sat"))
        // (2^(m+1) - 1) 2^(2^e - 1 - m)
        let mantissa = MPFRValue(int: (1 << (m + 1)) - 1, precision: 64)
        qmax0 = mantissa.multiplied(by: MPFRValue.power2((1 << e) - 1 - m), precision: 64)
    }

    /// The grid scale `2s` of a group with largest finite magnitude `amax > 0`.
    public func gridScale(amax: Float) -> Float {
        let s0 = MPFRValue(amax, precision: 24).divided(by: qmax0, precision: MPFRValue.workPrecision).roundedToFloat32
        let s: Float
        switch format.bias {
        case let .minMax(c): s = c == 1 ? s0 : Float(BinaryPowers.exp2(c * BinaryPowers.log2(Double(s0))))
        case let .fixed(b): s = Float(BinaryPowers.exp2(-b))
        }
        return MPFRValue(s, precision: 24).multiplied(by: MPFRValue(int: 2, precision: 8), precision: 64).roundedToFloat32
    }

    /// The reference `fakeQuantize`.
    public func fakeQuantize(_ values: [Float], shape: [Int], mode: RoundingMode, seed: UInt64) throws -> [Float] {
        let layout = try ScaledReferenceLayout(format.granularity, shape: shape, count: values.count)
        var amax = [Float](repeating: 0, count: layout.groupCount)
        var special = [Bool](repeating: false, count: layout.groupCount)
        for (i, x) in values.enumerated() {
            let g = layout.groupOf[i]
            if !x.isFinite { special[g] = true } else if abs(x) > amax[g] { amax[g] = abs(x) }
        }
        let scales: [Float] = (0 ..< layout.groupCount).map { g in
            if special[g] { return .nan }
            guard amax[g] > 0 else { return 0 }
            let s = gridScale(amax: amax[g])
            return s.isFinite ? s : 0
        }
        return values.enumerated().map { i, x in
            let s = scales[layout.groupOf[i]]
            if s.isNaN { return .nan }
            if s == 0 { return 0 }
            let random = mode == .stochastic ? StochasticBits.bits(seed: seed, index: i) : 0
            let q = grid.round(Float32Arithmetic.divide(x, s), mode: mode, random: random)
            return Float32Arithmetic.multiply(q, s)
        }
    }
}
