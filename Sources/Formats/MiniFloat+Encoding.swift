/// Codes of a minifloat: `sign << (E+M) | exponentField << M | mantissa` (IEEE 754 §3.4 layout).
extension MiniFloat {
    public func decode(_ code: UInt32) -> Float {
        Int(code) < decodeTable.count ? decodeTable[Int(code)] : .nan
    }

    /// The code of a value `quantize` returned: NaN gives the format's NaN code (the positive one
    /// where there are two), infinities the all-ones exponent, zero and subnormals exponent 0.
    public func encode(rounded value: Float) -> UInt32 {
        let e = UInt32(exponentBits), m = UInt32(mantissaBits)
        let top: UInt32 = (1 << e) - 1
        if specials == .exponentOnly {
            guard value.isFinite, value > 0 else { return top }
            return UInt32(Int(value.exponent) + bias)
        }
        let sign: UInt32 = value.sign == .minus ? 1 << (e + m) : 0
        if value.isNaN {
            switch specials {
            case .ieee: return top << m | (m > 0 ? 1 << (m - 1) : 0)
            case .fn: return top << m | ((1 << m) - 1)
            case .fnuz: return 1 << (e + m)
            case .finite, .exponentOnly: return 0
            }
        }
        if value.isInfinite { return sign | top << m }
        let a = value.bitPattern & 0x7FFF_FFFF
        if a == 0 { return sign }
        if a >= minNormalBits {
            let field = UInt32(Int(value.exponent) + bias)
            let mantissa = (a >> shift) & ((1 << m) - 1)
            return sign | field << m | mantissa
        }
        // Subnormal: an integer multiple of 2^(emin - M).
        let multiple = UInt32(Double(abs(value)) / Double(subnormalQuantum))
        return sign | multiple
    }
}
