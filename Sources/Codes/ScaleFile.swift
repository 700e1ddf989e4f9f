import Formats
import Tensors

/// How a scaled format's per-group scales are stored in `OUT.scales.npy`.
///
/// - FP32 scales: the float32 scale itself (`<f4`); a valid file holds values >= 0 or NaN.
/// - Minifloat scales (NVFP4's E4M3): the scale's code (`|u1`), below `2^bits`, never negative.
/// - E8M0 scales (MX): the E8M0 byte, `e + 127` for the scale 2^e, 0xFF = NaN (OCP MX v1.0 §5.3).
///   With minifloat elements QuantLab's e is the OCP shared exponent. With integer elements it is
///   not: QuantLab's integer element is the integer k itself (value `k * 2^e`), while OCP reads an
///   MXINT8 element as k/64 (two's complement with an implicit 2^-6, §5.3.3), so the OCP shared
///   exponent is `e + 6`. Codes files store the OCP byte: `e + 127 + emax`, `emax = floor(log2 elementMax)`
///   (6 for INT8 and mxint8(sym), 4 for mxint6's ±31, 2 for mxint4's ±7), each element code k then
///   meaning k / 2^emax, as in OCP. A byte below `emax` (a scale under 2^-127 in QuantLab's terms, which
///   QuantLab never picks but another writer may) decodes exactly: the scale 2^(byte - 127 - emax) is
///   a float32 (subnormal) power of two. A QuantLab scale whose OCP byte would exceed 254 (the `ceil`
///   rules on an amax near FLT_MAX) cannot be stored and is refused.
public enum ScaleFile: Equatable, Sendable {
    case float32
    case codes(bits: Int)
    case sharedExponent(offset: Int)

    public init(_ format: ScaledFormat) {
        switch format.scale {
        case .fp32: self = .float32
        case .powerOfTwo where format.element is IntegerFormat:
            self = .sharedExponent(offset: Int(format.elementMax.exponent))
        case .powerOfTwo, .minifloat: self = .codes(bits: format.scale.bits)
        }
    }

    /// The dtype of the file.
    public var dtype: ElementType { self == .float32 ? .float32 : .uint8 }

    /// The file's bytes for the stored scale codes `ScaledFormat.encode` returned.
    public func fileValues(_ codes: [UInt32], path: String) throws -> [UInt32] {
        guard case let .sharedExponent(offset) = self else { return codes }
        return try codes.enumerated().map { g, code in
            if code >= 0xFF { return 0xFF }
            guard code + UInt32(offset) < 0xFF else {
                throw CodesFileError(file: path, "group \(g)'s scale 2^\(Int(code) - 127) is 2^\(Int(code) - 127 + offset) "
                    + "with OCP elements k/\(1 << offset), above E8M0's largest 2^127: not storable as an OCP scale byte")
            }
            return code + UInt32(offset)
        }
    }

    /// Checks every value read from the file (as Float: exact for |u1 and <f4) and returns the
    /// scale codes of `decoder` (see `decoder(for:)`).
    public func storedCodes(_ values: [Float], format: ScaledFormat, path: String) throws -> [UInt32] {
        switch self {
        case .float32:
            if let g = values.firstIndex(where: { $0.sign == .minus && !$0.isNaN }) {
                throw CodesFileError(file: path, "scale \(values[g]) of group \(g) is negative (quantize --codes writes scales >= 0 or NaN)")
            }
            return values.map(\.bitPattern)
        case let .codes(bits):
            let codes = values.map { UInt32($0) }
            if let g = codes.firstIndex(where: { $0 >> bits != 0 }) {
                throw CodesFileError(file: path, "scale code \(codes[g]) of group \(g) does not fit the \(bits)-bit scale format \(format.scale.name)")
            }
            if case let .minifloat(f) = format.scale, let g = codes.firstIndex(where: { f.decode($0).sign == .minus && !f.decode($0).isNaN }) {
                throw CodesFileError(file: path, "scale code \(codes[g]) of group \(g) is the negative scale \(f.decode(codes[g])) (\(f.info.name) scales are >= 0)")
            }
            return codes
        case let .sharedExponent(offset):
            // As float32 powers of two for the FP32-scale decoder: exact, and the same products.
            return values.map { byte in
                byte >= 255 ? Float.nan.bitPattern : Float(sign: .plus, exponent: Int(byte) - 127 - offset, significand: 1).bitPattern
            }
        }
    }

    /// The format that decodes the codes `storedCodes` returns: `format` itself, or for OCP shared
    /// exponents the same format with the scale held as float32 (value `q * s` either way).
    public func decoder(for format: ScaledFormat) throws -> ScaledFormat {
        guard case .sharedExponent = self else { return format }
        return try ScaledFormat(name: format.name, element: format.element, granularity: format.granularity, scale: .fp32,
                                clipping: format.clipping)
    }
}
