/// I-ViT's Shiftmax (`IntSoftmax.forward`, zkkli/I-ViT quant_modules.py), on each row of integer
/// inputs of scale s, in Int64:
/// 1. `x <- x - max(x)` over the row; `e = ShiftExp(s, n)(x)` (n = 15 in the code);
/// 2. `S = min(sum e, 2^31 - 1)`; `factor = floor((2^31 - 1) / S)`;
/// 3. `out = floor(e factor / 2^(31 - b + 1))` with b = 8 output bits: scale `2^-(b-1)`.
/// So `out / 2^(b-1) ~ e / S`: the largest output is 127 (not 128) and every output is below 2^(b-1).
/// The code does not clamp the output: an `e` above S (only after the sum clamp) passes through.
///
/// Error against p = softmax(x s) (MPFR), from the steps: ShiftExp's relative error (up to 6.07% from
/// the linear 2^p, 0.36% per unit of x s from log2 e ~ 1.4375 over the row's spread R = (max - min) s,
/// about 2 s from the floors), the factor's floor (relative S / 2^31 <= C |x0| 2^(n-31) for a row of C)
/// and the output floor (2^-(b-1)):
///     |error| <= p (0.0607 + 0.0036 R + 2 s + min(1, C |x0| 2^(n-31))) + 2^-(b-1),
/// checked against MPFR in `IntegerOpsTests` for s in [2^-10, 0.2].
public struct Shiftmax: Sendable {
    public let exp: ShiftExp
    public let outputBits: Int

    public init(inputScale s: Float, n: Int = 15, outputBits b: Int = 8) {
        precondition((2 ... 31).contains(b), "Shiftmax output bits must be in 2...31")
        exp = ShiftExp(inputScale: s, n: n)
        outputBits = b
    }

    /// The doc's bound on the error of an output whose exact softmax value is `p`, in a row of
    /// `count` inputs spanning `spread` (max - min) integer units.
    public func errorBound(p: Double, count: Int, spread: Int64) -> Double {
        let s = Double(exp.inputScale)
        let resolution = Swift.min(1, Double(count) * Double(-exp.x0) * Double(sign: .plus, exponent: exp.n - 31, significand: 1))
        return p * (0.0607 + 0.0036 * Double(spread) * s + 2 * s + resolution) + outputScale
    }

    /// The output scale `2^-(b-1)`.
    public var outputScale: Double { Double(sign: .plus, exponent: 1 - outputBits, significand: 1) }

    /// One row.
    public func callAsFunction(_ row: [Int32]) -> [Int64] {
        guard let top = row.max() else { return [] }
        let e = row.map { exp(Int64($0) - Int64(top)) }
        let sum = Swift.min(e.reduce(0) { Swift.min($0 + $1, Int64(1) << 62) }, Int64(Int32.max))
        let factor = Int64(Int32.max) / sum
        let shift = 31 - outputBits + 1
        return e.map { IntegerMath.floorDivide($0 * factor, Int64(1) << shift) }
    }
}
