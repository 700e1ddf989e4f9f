/// I-ViT's ShiftGELU (`IntGELU.forward`, zkkli/I-ViT quant_modules.py): GELU(x) ~ x sigmoid(1.702 x),
/// on each row of integer inputs of scale s, in Int64:
/// 1. `s' = fl32(s fl32(1.702))` (the code multiplies its float32 scale); `E = ShiftExp(s', n)`, n = 23;
/// 2. `m = max(x)` over the row; `a = E(x - m)` (~ e^(1.702 (x - m) s)); `c = E(-m)` (~ e^(-1.702 m s));
/// 3. `S = min(a + c, 2^31 - 1)`; `factor = floor((2^31 - 1) / S)`;
///    `sig = floor(a factor / 2^(31 - b + 1))` (b = 8: sigmoid with scale 2^-(b-1));
/// 4. output `x sig`, scale `s 2^-(b-1)`.
///
/// Both exponentials bottom out at the floor of ShiftExp's step 2 (`max(x, n x0)`, about 2^-n): in a
/// row whose largest input m has `1.702 m s >= n / 1.4375` (m s >= 9.4 for n = 23), c sits at that
/// floor, and so does a for every x with `1.702 (m - x) s` beyond it; their ratio is then 1/2 and
/// the output about x/2 instead of GELU(x) ~ 0 (x s = -12.7 at s = 0.1 gives -6.25), as in the code.
///
/// Domain: `2 |x0| 2^n <= 2^31 - 1` (|x0| <= 127 for n = 23, i.e. s >= 0.0047), so that a + c never
/// reaches the clamp; for smaller scales the sum is clamped, factor = 1 and `sig` exceeds 2^(b-1)
/// (the output is no longer x times a sigmoid), as in the code.
///
/// Error against GELU(x s) = x s Phi(x s) (MPFR) in the domain: the sigmoid form itself is off by up to
/// 0.0203 (at x s = -2.27); the sigmoid's relative error is ShiftExp's (6.07% from the linear 2^p,
/// 0.36% per unit of its argument from log2 e, 2 s' from the floors, over the spread
/// R = 1.702 (|x s| + |m s|)) plus the factor's floor (S / 2^31 <= |x0| 2^(n-30)) and the 2^-(b-1) floor:
///     |error| <= 0.0203 + |x s| (0.0607 + 0.0036 R + 2 s' + |x0| 2^(n-30) + 2^-(b-1)),
/// checked against MPFR in `IntegerOpsTests` for s in [0.01, 0.2].
public struct ShiftGELU: Sendable {
    public let exp: ShiftExp
    public let inputScale: Float
    public let outputBits: Int

    public init(inputScale s: Float, n: Int = 23, outputBits b: Int = 8) {
        precondition((2 ... 31).contains(b), "ShiftGELU output bits must be in 2...31")
        exp = ShiftExp(inputScale: s * Float(1.702), n: n)
        inputScale = s
        outputBits = b
    }

    /// The doc's bound on the error of the output of input `x` in a row whose largest input is `top`.
    public func errorBound(x: Int64, top: Int64) -> Double {
        let s = Double(inputScale), real = Double(x) * s
        let spread = 1.702 * (abs(real) + abs(Double(top) * s))
        let resolution = Double(-exp.x0) * Double(sign: .plus, exponent: exp.n - 30, significand: 1)
        return 0.0203 + abs(real) * (0.0607 + 0.0036 * spread + 2 * Double(exp.inputScale) + resolution
            + Double(sign: .plus, exponent: 1 - outputBits, significand: 1))
    }

    /// Whether the doc's domain holds: `2 |x0| 2^n <= 2^31 - 1`.
    public var inDomain: Bool { Double(-exp.x0) * Double(sign: .plus, exponent: exp.n + 1, significand: 1) <= Double(Int32.max) }

    /// The output scale `s 2^-(b-1)`.
    public var outputScale: Double { Double(inputScale) * Double(sign: .plus, exponent: 1 - outputBits, significand: 1) }

    /// One row.
    public func callAsFunction(_ row: [Int32]) -> [Int64] {
        guard let top = row.max().map(Int64.init) else { return [] }
        let c = exp(-top)
        let shift = 31 - outputBits + 1
        return row.map { v in
            let a = exp(Int64(v) - top)
            let sum = Swift.min(a + c, Int64(Int32.max))
            let sig = IntegerMath.floorDivide(a * (Int64(Int32.max) / sum), Int64(1) << shift)
            return Int64(v) * sig
        }
    }
}
