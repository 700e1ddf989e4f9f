import Formats

/// Errors of the Reference target.
public enum ReferenceError: Error, CustomStringConvertible, Equatable {
    case unsupportedFormat(String, reason: String)
    /// The definition gives values that are no finite Floats (the fast path cannot hold them either).
    case unrepresentableValues(String, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedFormat(name, reason): return "no MPFR reference for format '\(name)': \(reason)"
        case let .unrepresentableValues(name, reason): return "format '\(name)': \(reason)"
        }
    }
}

/// The exact (MPFR) reference rounding of one element format. For QuantLab's format families it is
/// written from their documented definitions: it reads only the stored facts of a format (exponent
/// and mantissa bits, bias, specials, saturation, bit width, kind, a codebook's levels, a power
/// format's exponent) and never calls the fast path's `quantize`, `encode` or `decode`. Any other
/// element format type gets the generic `ValueSetReference`, built from its code values, so a new
/// format is verified with no reference code of its own.
///
/// Not thread-safe (it owns MPFR values); build one per thread.
public final class ReferenceRounding {
    public let format: any ElementFormat
    let family: any FamilyReference

    public init(_ format: any ElementFormat) throws {
        self.format = format
        switch format {
        case let f as MiniFloat: family = MiniFloatReference(f)
        case let f as IntegerFormat: family = IntegerReference(f)
        case let f as BipolarInt: family = BipolarReference(f)
        case let f as Codebook: family = LevelReference(f)
        case let f as PowerExponent: family = try LevelReference(f)
        default: family = try ValueSetReference(format)
        }
    }

    /// The exact result of rounding the real `x` to the format under `mode` (`random` is the
    /// element's `StochasticBits` draw). Every result of every supported format is a Float.
    public func round(_ x: MPFRValue, mode: RoundingMode, random: UInt32 = 0) -> Float {
        family.round(x, mode: mode, random: random)
    }

    public func round(_ x: Float, mode: RoundingMode, random: UInt32 = 0) -> Float {
        family.round(MPFRValue(x, precision: 24), mode: mode, random: random)
    }

    public func round(_ x: Double, mode: RoundingMode, random: UInt32 = 0) -> Float {
        family.round(MPFRValue(x, precision: 53), mode: mode, random: random)
    }

    /// The reference value of `code` (`0 ..< 2^bits`), from the definition; NaN for NaN or unused codes.
    public func value(ofCode code: UInt32) -> Float {
        Int(code) < family.codeValues.count ? family.codeValues[Int(code)] : .nan
    }

    /// Every finite value a rounding can return, ascending (one zero).
    public var finiteValues: [Float] { family.finiteValues }

    /// The nearest-mode split points between neighbouring values (exact midpoints, or `(k + 1/2)^(1/a)`
    /// to 256 bits for power formats), including the overflow split of minifloats.
    public var nearestThresholds: [MPFRValue] { family.model.thresholds }
}
