/// Dense storage of n-bit codes (1 <= n <= 16): a little-endian bit stream, code i occupying bits
/// `[i n, (i + 1) n)` counted from bit 0 of byte 0 (so two 4-bit codes share a byte, low nibble
/// first, as ml_dtypes' packed int4 and the OCP MX spec's element order do).
public enum PackedCodes {
    public static func pack(_ codes: [UInt32], bits: Int) -> [UInt8] {
        precondition((1 ... 16).contains(bits))
        var out = [UInt8](repeating: 0, count: (codes.count * bits + 7) / 8)
        var bit = 0
        let mask = UInt32((1 << bits) - 1)
        for code in codes {
            var value = code & mask, remaining = bits
            while remaining > 0 {
                let byte = bit >> 3, offset = bit & 7
                let take = Swift.min(remaining, 8 - offset)
                out[byte] |= UInt8(truncatingIfNeeded: (value & ((1 << take) - 1)) << offset)
                value >>= take; remaining -= take; bit += take
            }
        }
        return out
    }

    public static func unpack(_ bytes: [UInt8], bits: Int, count: Int) -> [UInt32]? {
        guard (1 ... 16).contains(bits), bytes.count * 8 >= count * bits else { return nil }
        var out = [UInt32](repeating: 0, count: count)
        var bit = 0
        for i in 0 ..< count {
            var value: UInt32 = 0, filled = 0
            while filled < bits {
                let byte = bit >> 3, offset = bit & 7
                let take = Swift.min(bits - filled, 8 - offset)
                value |= (UInt32(bytes[byte] >> offset) & ((1 << take) - 1)) << filled
                filled += take; bit += take
            }
            out[i] = value
        }
        return out
    }
}
