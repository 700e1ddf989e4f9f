/// The facts of a format, as data (in the manner of gfloat's `FormatInfo`): what `quantlab formats`
/// prints and what tests check against the format's definition.
public struct FormatInfo: Sendable, Hashable, Codable {
    /// Canonical spec string that parses back to this format.
    public var name: String
    /// Storage bits per element (codes are `0 ..< 2^bits`).
    public var bits: Int
    /// Largest finite value.
    public var maxFinite: Double
    /// Smallest positive normal value (for integer-like formats the smallest positive value).
    public var minNormal: Double
    /// Smallest positive value (subnormal where the format has them).
    public var minPositive: Double
    public var hasInfinity: Bool
    public var hasNaN: Bool
    public var hasNegativeZero: Bool
    /// Short text naming the specials and overflow rule.
    public var specials: String
    /// One-line definition: the value formula and where it comes from.
    public var definition: String
    /// The kind of number (int, fp, bipolar, power, codebook): what reports group by.
    public var family: ElementFamily

    public init(name: String, bits: Int, maxFinite: Double, minNormal: Double, minPositive: Double,
                hasInfinity: Bool, hasNaN: Bool, hasNegativeZero: Bool, specials: String,
                definition: String, family: ElementFamily) {
        self.name = name; self.bits = bits; self.maxFinite = maxFinite; self.minNormal = minNormal
        self.minPositive = minPositive; self.hasInfinity = hasInfinity; self.hasNaN = hasNaN
        self.hasNegativeZero = hasNegativeZero; self.specials = specials; self.definition = definition
        self.family = family
    }
}
