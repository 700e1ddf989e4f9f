import Foundation

/// I-ViT's integer exponential (`int_exp_shift` of IntSoftmax and IntGELU in zkkli/I-ViT
/// models/quantization_utils/quant_modules.py), for an integer `x` of real value `x s`:
/// 1. `x <- x + floor(x/2) - floor(x/16)`             (x log2 e, with log2 e ~ 1.4375)
/// 2. `x0 = floor(fl32(-1 / s))`; `x <- max(x, n x0)`  (x0 s ~ -1: one unit of -log2)
/// 3. `q = floor(x / x0)`, `r = x - x0 q`               (x log2 e ~ -q + r s, r in (x0, 0] for x <= 0)
/// 4. `exp = floor((r/2 - x0) 2^(n - q))`, clamped to >= 0 (2^(r s) ~ 1 + r s / 2), scale `s / 2^n`,
/// evaluated exactly in Int64: `(r - 2 x0) 2^(n - q) / 2` floored (r - 2 x0 > 0 and q <= n always,
/// so the clamp never acts). The code runs these formulas on
/// float tensors (exact while values stay below 2^24); here they are exact integers throughout.
/// Values of 2^62 and above (only for x > 0, e.g. ShiftGELU's `e^(-x_max)` of an all-negative row)
/// are held at 2^62: every use clamps at 2^31 - 1 first, so the results are those of exact arithmetic.
///
/// Error against e^(x s) (x <= 0), from the steps above: the linear 2^p on p in (-1, 0] is up to
/// 6.07% high (at p = -1/2), log2 e ~ 1.4375 makes `e^(0.9964 x s)`, and the floors cost about one
/// unit of s in the exponent; `IntegerOpsTests` checks |error| <= 0.0607 e^(x s) + 2 s + 2^-n + 0.0036 |x s| e^(x s)
/// against MPFR over x s in [-n ln 2 / 1.4375, 0] for s in [2^-10, 0.2].
public struct ShiftExp: Sendable, Hashable {
    public let n: Int
    public let x0: Int64
    /// The input scale s.
    public let inputScale: Float

    public init(inputScale s: Float, n: Int) {
        precondition(s > 0 && s.isFinite && (1 ... 40).contains(n), "ShiftExp needs a positive scale and n in 1...40")
        self.n = n
        inputScale = s
        x0 = Int64((Float(-1) / s).rounded(.down))
    }

    /// The doc's bound on `|exp(x) s / 2^n - e^(x s)|` for x <= 0 (`e = e^(x s)` in Double).
    public func errorBound(_ x: Int64) -> Double {
        let real = Double(x) * Double(inputScale), e = Foundation.exp(real)
        return 0.0607 * e + 2 * Double(inputScale) + Double(sign: .plus, exponent: -n, significand: 1) + 0.0036 * abs(real) * e
    }

    /// The output scale `s / 2^n`.
    public var outputScale: Double { Double(inputScale) / Double(sign: .plus, exponent: n, significand: 1) }

    @usableFromInline static let ceiling = Int64(1) << 62

    /// The integer exponential of `x` (any sign).
    @inlinable
    public func callAsFunction(_ x: Int64) -> Int64 {
        var t = x + IntegerMath.floorDivide(x, 2) - IntegerMath.floorDivide(x, 16)
        t = Swift.max(t, Int64(n) * x0)
        let q = IntegerMath.floorDivide(t, x0)
        let r = t - x0 * q
        let base = r - 2 * x0                  // 2 (r/2 - x0), in (-x0, -2 x0]: positive
        let shift = Int64(n) - q               // >= 0, since t >= n x0 makes q <= n
        if shift >= 62 || base > (ShiftExp.ceiling >> shift) { return ShiftExp.ceiling }
        return IntegerMath.floorDivide(base << shift, 2)
    }
}
