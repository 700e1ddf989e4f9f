/// How a real value that falls between two representable values is resolved.
///
/// The first five are the IEEE 754-2019 §4.3 rounding-direction attributes (ties-away is
/// `roundTiesToAway`). `stochastic` rounds a value between neighbours `lo < |x| < hi` away from zero
/// with probability `(|x| - lo) / (hi - lo)`, using a counter-based random stream fixed by a seed, so
/// the same seed gives the same result on any machine and with any thread count (see `StochasticBits`).
public enum RoundingMode: String, Sendable, Hashable, CaseIterable, Codable {
    case nearestEven = "nearest-even"
    case nearestAway = "nearest-away"
    case towardZero = "toward-zero"
    case towardPositive = "toward-positive"
    case towardNegative = "toward-negative"
    case stochastic = "stochastic"

    /// Accepted spellings, including the short names used in papers and other emulators.
    public static let aliases: [String: RoundingMode] = [
        "nearest-even": .nearestEven, "rne": .nearestEven, "nearest": .nearestEven, "even": .nearestEven,
        "nearest-away": .nearestAway, "rna": .nearestAway, "away": .nearestAway,
        "toward-zero": .towardZero, "rz": .towardZero, "truncate": .towardZero, "zero": .towardZero,
        "toward-positive": .towardPositive, "ru": .towardPositive, "up": .towardPositive, "ceil": .towardPositive,
        "toward-negative": .towardNegative, "rd": .towardNegative, "down": .towardNegative, "floor": .towardNegative,
        "stochastic": .stochastic, "sr": .stochastic,
    ]

    /// Parses a rounding-mode name (case-insensitive, `_` and `-` alike).
    public init(name: String) throws {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        guard let mode = RoundingMode.aliases[key] else {
            throw FormatError.unknownRounding(name, known: RoundingMode.allCases.map(\.rawValue))
        }
        self = mode
    }

    /// True when, for a value of the given sign, this mode moves the magnitude away from zero
    /// whenever the value is not representable (IEEE directed rounding seen on |x|).
    @inlinable @inline(__always)
    func roundsMagnitudeUp(negative: Bool) -> Bool {
        (self == .towardPositive && !negative) || (self == .towardNegative && negative)
    }

    /// True when, for a value of the given sign, this mode never increases the magnitude.
    /// IEEE 754 §7.4: such a mode turns an overflow into the largest finite value.
    @inlinable @inline(__always)
    func roundsMagnitudeDown(negative: Bool) -> Bool {
        self == .towardZero || (self == .towardPositive && negative) || (self == .towardNegative && !negative)
    }
}
