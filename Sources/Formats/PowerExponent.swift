import Foundation

/// Power-exponent non-uniform format of n bits (NUPES 2023; PowerQuant): `t = sign(x) |x|^a` is
/// rounded to an integer `q` in `[-Q, Q]`, `Q = 2^(n-1) - 1`, and the value is `sign(q) |q|^(1/a)`.
///
/// So the levels are `+-k^(1/a)` (as Float, rounded to nearest), `k = 0..Q`, and nearest rounding in
/// the power domain splits between levels `k` and `k+1` at `(k + 1/2)^(1/a)`; a tie (possible only when
/// that threshold is a Float) goes to even `k`. The other modes act on the levels (`LevelTable`).
/// `a = 1` is the uniform symmetric integer grid; `a < 1` puts more levels near zero. Scaling (the
/// `x / s` of the papers) belongs to the scaled formats. Codes are `k` in n-bit two's complement.
public struct PowerExponent: ElementFormat, Hashable {
    public let bitWidth: Int
    public let exponent: Double
    public let table: LevelTable
    public let info: FormatInfo

    public init(bits: Int, exponent a: Double, name: String? = nil) throws {
        let spec = name ?? "power:\(bits):\(PowerExponent.formatExponent(a))"
        guard (2 ... 12).contains(bits) else { throw FormatError.invalidSpec(spec, reason: "power-exponent bits \(bits) not in 2...12") }
        guard a.isFinite, a > 0.05, a <= 4 else { throw FormatError.invalidSpec(spec, reason: "exponent a = \(a) not in (0.05, 4]") }
        bitWidth = bits; exponent = a
        let q = (1 << (bits - 1)) - 1
        let positive = (0 ... q).map { Float(pow(Double($0), 1 / a)) }
        guard positive.allSatisfy(\.isFinite) else {
            throw FormatError.unrepresentable(spec, reason: "its largest level \(q)^(1/\(a)) overflows float32")
        }
        let levels = positive.reversed().dropLast().map { -$0 } + positive
        let upper = (0 ..< q).map { pow(Double($0) + 0.5, 1 / a) }
        // (k + 1/2)^(1/a) is irrational but where it is a Double (a = 1/2, 1, ...): pow is exact there.
        let thresholds = (upper.reversed().map { -$0 } + upper).map { (hi: $0, lo: 0.0) }
        // Between -(k+1) and -k the even one wins a tie; likewise between k and k+1.
        let tieUp = (0 ..< q).reversed().map { $0 % 2 == 0 } + (0 ..< q).map { ($0 + 1) % 2 == 0 }
        table = LevelTable(levels: levels, thresholds: thresholds, tieUp: tieUp)
        info = FormatInfo(
            name: spec, bits: bits, maxFinite: Double(positive[q]), minNormal: Double(positive[1]),
            minPositive: Double(positive[1]), hasInfinity: false, hasNaN: false, hasNegativeZero: false,
            specials: "saturates; NaN -> 0",
            definition: "sign(q)|q|^(1/\(PowerExponent.formatExponent(a))), q = round(sign(x)|x|^\(PowerExponent.formatExponent(a))) in [-\(q), \(q)]",
            family: .power)
    }

    static func formatExponent(_ a: Double) -> String {
        a == a.rounded() ? String(Int(a)) : String(a)
    }

    public var saturating: any ElementFormat { self }

    /// Branch-free table loops (`LevelTable+Kernels`).
    public var kernels: SpecializedKernels { table.kernels(for: self) }

    @inlinable
    public func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        table.quantize(x, mode: mode, random: random) + 0
    }

    public func encode(rounded value: Float) -> UInt32 {
        let q = (1 << (bitWidth - 1)) - 1
        let k = (table.index(of: value) ?? q) - q
        return UInt32(truncatingIfNeeded: k) & ((1 << bitWidth) - 1)
    }

    public func decode(_ code: UInt32) -> Float {
        let c = Int(code) & ((1 << bitWidth) - 1)
        let k = c >= 1 << (bitWidth - 1) ? c - (1 << bitWidth) : c
        let q = (1 << (bitWidth - 1)) - 1
        return abs(k) <= q ? table.levels[k + q] : .nan
    }
}
