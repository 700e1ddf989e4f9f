/// An n-bit integer format, 2 <= n <= 16, with values on the integer grid:
/// - `symmetric`: `[-(2^(n-1) - 1), 2^(n-1) - 1]` (the code `100..0` is unused; "INT v.s. FP" §2);
/// - `twosComplement`: `[-2^(n-1), 2^(n-1) - 1]` (ml_dtypes `int4`, `int8`);
/// - `unsigned`: `[0, 2^n - 1]`.
///
/// Rounding: `x` is clamped to the range (integers have no Inf or NaN: every integer format
/// saturates), then rounded per mode on the magnitude (`MagnitudeRounding`); ties to even are ties to
/// the even integer. A NaN input gives 0. The result is never -0.
/// Note: ml_dtypes' own integer casts truncate and wrap like C (`int4(8.0) == -8`); QuantLab rounds
/// and saturates, which is what a quantizer does.
/// Codes are two's complement for the signed kinds, plain binary for unsigned.
public struct IntegerFormat: ElementFormat, Hashable {
    public enum Kind: String, Sendable, Codable { case symmetric, twosComplement, unsigned }

    public let bitWidth: Int
    public let kind: Kind
    public let info: FormatInfo
    public let minimum: Float
    public let maximum: Float

    public init(bits: Int, kind: Kind, name: String? = nil) throws {
        let spec = name ?? IntegerFormat.parametricName(bits, kind)
        guard (2 ... 16).contains(bits) else { throw FormatError.invalidSpec(spec, reason: "integer bits \(bits) not in 2...16") }
        bitWidth = bits; self.kind = kind
        let half = 1 << (bits - 1)
        switch kind {
        case .symmetric: (minimum, maximum) = (Float(1 - half), Float(half - 1))
        case .twosComplement: (minimum, maximum) = (Float(-half), Float(half - 1))
        case .unsigned: (minimum, maximum) = (0, Float((1 << bits) - 1))
        }
        info = FormatInfo(
            name: spec, bits: bits, maxFinite: Double(maximum), minNormal: 1, minPositive: 1,
            hasInfinity: false, hasNaN: false, hasNegativeZero: false,
            specials: "saturates; NaN -> 0",
            definition: "integers in [\(Int(minimum)), \(Int(maximum))]" + (kind == .unsigned ? "" : ", two's complement codes"),
            family: .int)
    }

    static func parametricName(_ bits: Int, _ kind: Kind) -> String {
        switch kind {
        case .symmetric: return "int:\(bits):sym"
        case .twosComplement: return "int:\(bits)"
        case .unsigned: return "uint:\(bits)"
        }
    }

    public var saturating: any ElementFormat { self }

    @inlinable @inline(__always)
    public func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        let low = x < minimum ? minimum : x
        let clamped = low > maximum ? maximum : low
        let negative = clamped < 0
        let k = MagnitudeRounding.toInteger(abs(clamped), mode: mode,
                                            magnitudeUp: mode.roundsMagnitudeUp(negative: negative), random: random)
        let value = (negative ? -k : k) + 0  // + 0 turns -0 into +0
        return x.isNaN ? 0 : value
    }

    public func encode(rounded value: Float) -> UInt32 {
        let k = Int(value.isNaN ? 0 : value)
        return UInt32(truncatingIfNeeded: k) & ((1 << bitWidth) - 1)
    }

    public func decode(_ code: UInt32) -> Float {
        let c = Int(code & ((1 << bitWidth) - 1))
        if kind == .unsigned { return Float(c) }
        let k = c >= 1 << (bitWidth - 1) ? c - (1 << bitWidth) : c
        return Float(k) < minimum ? .nan : Float(k)
    }
}
