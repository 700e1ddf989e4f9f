/// A stored element type that readers convert to `Float`.
///
/// All multi-byte types are little-endian. Conversions:
/// - `float16`: IEEE binary16 (1 sign, 5 exponent bits bias 15, 10 mantissa bits), converted by bits
///   (`HalfFloat`), so it is exact and needs no hardware Float16 support.
/// - `bfloat16`: the upper 16 bits of a binary32; widening is a 16-bit shift, exact.
/// - `float64`: rounded to nearest binary32 (out-of-range magnitudes become ±Inf).
/// - integers: exact for every value of the 8- and 16-bit types; int32 rounds above 2^24.
/// - `bool`: 0 -> 0, any other byte -> 1.
public enum ElementType: String, Sendable, CaseIterable {
    case float16, bfloat16, float32, float64, int8, int16, int32, uint8, uint16, bool

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .float16, .bfloat16, .int16, .uint16: return 2
        case .float32, .int32: return 4
        case .float64: return 8
        }
    }

    /// Converts `count` consecutive little-endian elements starting at `raw` to Float.
    /// Reads only within `raw`: returns fewer values if `raw` is shorter than `count * byteSize`.
    public func decode(_ raw: UnsafeRawBufferPointer, count requested: Int) -> [Float] {
        let count = max(0, min(requested, raw.count / byteSize))
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            decode(raw, into: out)
            initialized = count
        }
    }

    /// Converts the first `out.count` elements of `raw` into `out` (`raw` holds at least that many).
    func decode(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(raw.count >= out.count * byteSize)
        switch self {
        case .float32: Self.convert(raw, out, UInt32.self) { Float(bitPattern: UInt32(littleEndian: $0)) }
        case .float16: Self.convert(raw, out, UInt16.self) { HalfFloat.float(fromBits: UInt16(littleEndian: $0)) }
        case .bfloat16: Self.convert(raw, out, UInt16.self) { HalfFloat.float(fromBFloat16Bits: UInt16(littleEndian: $0)) }
        case .float64: Self.convert(raw, out, UInt64.self) { Float(Double(bitPattern: UInt64(littleEndian: $0))) }
        case .int8: Self.convert(raw, out, Int8.self) { Float($0) }
        case .int16: Self.convert(raw, out, Int16.self) { Float(Int16(littleEndian: $0)) }
        case .int32: Self.convert(raw, out, Int32.self) { Float(Int32(littleEndian: $0)) }
        case .uint8: Self.convert(raw, out, UInt8.self) { Float($0) }
        case .uint16: Self.convert(raw, out, UInt16.self) { Float(UInt16(littleEndian: $0)) }
        case .bool: Self.convert(raw, out, UInt8.self) { $0 == 0 ? 0 : 1 }
        }
    }

    private static func convert<T: FixedWidthInteger>(
        _ raw: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<Float>, _: T.Type, _ f: (T) -> Float
    ) {
        guard !out.isEmpty, let base = raw.baseAddress else { return }
        let size = MemoryLayout<T>.size
        for i in 0..<out.count {
            out[i] = f(base.loadUnaligned(fromByteOffset: i * size, as: T.self))
        }
    }
}
