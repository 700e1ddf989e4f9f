import Formats

/// The arrays of an encoded tensor, laid out as the files of `quantlab quantize --codes` (`CodesFiles`
/// in the Codes target; the layout itself is `ScaledCodes`): element codes as uint8, or uint16 for
/// formats over 8 bits; one scale code per group, uint8 for scale formats of up to 8 bits (E8M0
/// `e + 127`, a minifloat's code), else the 32-bit code (FP32: the float itself); a float32 tensor
/// scale (1 without a second level); uint16 zero points for asymmetric formats.
/// Mirrors the C struct `quantlab_codes_layout` field by field.
struct CodesLayout {
    var elementBits: Int64
    var codeBytes: Int64
    var scaleCount: Int64
    var scaleBytes: Int64
    var zeroPointCount: Int64
    var hasTensorScale: Int64

    init(_ format: any TensorFormat, shape: [Int], count: Int) throws {
        let bits = format.element.info.bits
        elementBits = Int64(bits)
        codeBytes = bits <= 8 ? 1 : 2
        guard let scaled = format as? ScaledFormat else {
            scaleCount = 0; scaleBytes = 0; zeroPointCount = 0; hasTensorScale = 0
            return
        }
        let groups = try GroupLayout(scaled.granularity, shape: shape, count: count, spec: scaled.name).groupCount
        scaleCount = Int64(groups)
        scaleBytes = scaled.scale.bits <= 8 ? 1 : 4
        zeroPointCount = scaled.asymmetric ? Int64(groups) : 0
        hasTensorScale = scaled.tensorScale ? 1 : 0
    }

    /// Stores `codes[i]` at `i` as `width`-byte unsigned integers (truncating, as `CodesFiles` does).
    static func store(_ codes: [UInt32], width: Int64, to target: UnsafeMutableRawPointer?) throws {
        guard !codes.isEmpty else { return }
        guard let target else { throw CArgumentError("an output array is NULL") }
        switch width {
        case 1: for (i, c) in codes.enumerated() { target.storeBytes(of: UInt8(truncatingIfNeeded: c), toByteOffset: i, as: UInt8.self) }
        case 2: for (i, c) in codes.enumerated() { target.storeBytes(of: UInt16(truncatingIfNeeded: c), toByteOffset: 2 * i, as: UInt16.self) }
        default: for (i, c) in codes.enumerated() { target.storeBytes(of: c, toByteOffset: 4 * i, as: UInt32.self) }
        }
    }

    /// Reads `count` unsigned integers of `width` bytes (1, 2 or 4); each must be below `limit`,
    /// else the error names `what`, the index and the value.
    static func load(_ source: UnsafeRawPointer?, count: Int, width: Int32, limit: UInt64, _ what: String, spec: String) throws -> [UInt32] {
        guard [1, 2, 4].contains(width) else { throw CArgumentError("\(what): element size \(width) bytes (expected 1, 2 or 4)") }
        guard count > 0 else { return [] }
        guard let source else { throw CArgumentError("\(what) is NULL") }
        var codes = [UInt32](repeating: 0, count: count)
        for i in 0 ..< count {
            let c: UInt32
            switch width {
            case 1: c = UInt32(source.loadUnaligned(fromByteOffset: i, as: UInt8.self))
            case 2: c = UInt32(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            default: c = source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
            }
            guard UInt64(c) < limit else {
                throw CArgumentError("\(what)[\(i)] = \(c) is out of range for '\(spec)' (0...\(limit - 1))")
            }
            codes[i] = c
        }
        return codes
    }
}
