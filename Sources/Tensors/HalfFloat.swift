/// Bit-level conversions of 16-bit floats to binary32, independent of hardware Float16 support.
public enum HalfFloat {
    /// IEEE binary16 -> binary32, exact. Layout: sign (bit 15), exponent e (bits 14-10, bias 15),
    /// mantissa m (bits 9-0).
    /// - e = 0: zero or subnormal, value (-1)^s * m * 2^-24 (exact in binary32).
    /// - e = 31: Inf (m = 0) or NaN (payload kept in the top mantissa bits).
    /// - otherwise: normal, binary32 exponent e - 15 + 127 = e + 112, mantissa m << 13.
    public static func float(fromBits h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0:
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// bfloat16 -> binary32: bfloat16 is the upper half of a binary32, so shift it back (exact).
    public static func float(fromBFloat16Bits b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }
}
