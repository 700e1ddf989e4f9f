/// An exact sum of Doubles: a long fixed-point accumulator (Kulisch) covering every finite Double.
///
/// The value is `sum_i digit_i 2^(32 i - 1074)`: digit i weighs `2^(32 i)` units of `2^-1074` (the
/// smallest subnormal Double). Adding a Double splits its 53-bit integer significand, shifted to its
/// position, into three 32-bit pieces added to three digits; digits are Int64, so carries are only
/// propagated every 2^30 additions and at the end. Nothing is ever rounded, so the sum is exact and
/// independent of the order of the terms. The result is read as `RO_53` of the sum (see
/// `ExactArithmetic`), from which any accumulator format's rounding is exact.
///
/// NaN and infinities follow IEEE 754 addition: any NaN, or +Inf and -Inf together, give NaN;
/// otherwise an infinity gives itself. An exactly zero sum is +0.
///
/// Precondition of `odd`: the (finite) sum is 0 or at least 2^-1022 in magnitude and below 2^1023
/// (true of every sum QuantLab forms: products of float32 values and scales lie in [2^-760, 2^530]).
public struct ExactSum {
    @usableFromInline static let digitCount = 72   // (1074 + 1024 + 53 + 31) / 32 + headroom
    @usableFromInline var digits: [Int64]
    @usableFromInline var pending = 0               // additions since the last carry propagation
    @usableFromInline var sawNaN = false, sawPlusInfinity = false, sawMinusInfinity = false

    public init() { digits = [Int64](repeating: 0, count: ExactSum.digitCount) }

    /// Resets to zero without reallocating.
    @inlinable
    public mutating func clear() {
        for i in digits.indices { digits[i] = 0 }
        pending = 0; sawNaN = false; sawPlusInfinity = false; sawMinusInfinity = false
    }

    /// Adds `x` exactly.
    @inlinable
    public mutating func add(_ x: Double) {
        guard x.isFinite else {
            if x.isNaN { sawNaN = true } else if x > 0 { sawPlusInfinity = true } else { sawMinusInfinity = true }
            return
        }
        let bits = x.bitPattern
        let field = Int((bits >> 52) & 0x7FF)
        var m = bits & 0x000F_FFFF_FFFF_FFFF
        var position = 0  // exponent of the significand's last bit, plus 1074
        if field != 0 { m |= 1 << 52; position = field - 1 }
        if m == 0 { return }
        let index = position >> 5, shift = UInt64(position & 31)
        let low = m << shift, high = shift == 0 ? 0 : m >> (64 - shift)
        let d0 = Int64(low & 0xFFFF_FFFF), d1 = Int64(low >> 32), d2 = Int64(high)
        if bits >> 63 == 1 {
            digits[index] -= d0; digits[index + 1] -= d1; digits[index + 2] -= d2
        } else {
            digits[index] += d0; digits[index + 1] += d1; digits[index + 2] += d2
        }
        pending += 1
        if pending == 1 << 30 { propagateCarries() }
    }

    /// Adds `a * b` exactly (TwoProduct: both parts are Doubles when `a b` does not underflow).
    @inlinable
    public mutating func addProduct(_ a: Double, _ b: Double) {
        let h = a * b
        add(h)
        if h.isFinite { add((-h).addingProduct(a, b)) }
    }

    /// Brings every digit but the last into [0, 2^32); the last keeps the sign.
    @usableFromInline
    mutating func propagateCarries() {
        for i in 0 ..< digits.count - 1 {
            let carry = digits[i] >> 32
            digits[i] -= carry << 32
            digits[i + 1] += carry
        }
        pending = 0
    }

    /// The sum rounded to odd at 53 bits (exact when it fits), NaN or an infinity as IEEE says.
    /// Reading leaves the sum unchanged (`mutating` only for the carry propagation).
    public mutating func odd() -> Double {
        if sawNaN || (sawPlusInfinity && sawMinusInfinity) { return .nan }
        if sawPlusInfinity { return .infinity }
        if sawMinusInfinity { return -.infinity }
        propagateCarries()
        let negative = digits[digits.count - 1] < 0
        if negative {
            for i in digits.indices { digits[i] = -digits[i] }
            propagateCarries()
        }
        defer { if negative { for i in digits.indices { digits[i] = -digits[i] }; propagateCarries() } }
        guard let top = digits.lastIndex(where: { $0 != 0 }) else { return 0 }
        func digit(_ i: Int) -> UInt64 { i >= 0 ? UInt64(digits[i]) : 0 }
        let width = 64 - digit(top).leadingZeroBitCount          // bits in the top digit, 1...32
        // A 64-bit window whose top bit is the sum's leading bit.
        let window = digit(top) << (64 - UInt64(width)) | digit(top - 1) << (32 - UInt64(width))
            | digit(top - 2) >> UInt64(width)
        var sticky = digit(top - 2) & ((1 << UInt64(width)) - 1) != 0
        if !sticky, top >= 3 { sticky = digits[0 ... top - 3].contains { $0 != 0 } }
        var significand = window >> 11
        if window & 0x7FF != 0 || sticky { significand |= 1 }
        // The window's top bit has weight 2^(32 top + width - 1 - 1074); the significand's last bit 52 below.
        let exponent = 32 * top + width - 1 - 1074 - 52
        let magnitude = Double(sign: .plus, exponent: exponent, significand: Double(significand))
        return negative ? -magnitude : magnitude
    }
}
