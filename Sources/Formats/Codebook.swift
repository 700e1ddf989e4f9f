/// A format given by its values: any sorted list of finite numbers (NF4-style formats need no code).
/// The code of a value is its index in ascending order; nearest rounding splits at midpoints, ties
/// to the even index. See `LevelTable` for every mode.
public struct Codebook: ElementFormat, Hashable {
    public let table: LevelTable
    public let info: FormatInfo

    /// NF4 (QLoRA, Dettmers et al. 2023, Appendix E): the 16 normal-quantile levels.
    public static let nf4Values: [Float] = [
        -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
        0.24611230492591858, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
        0.7229568362236023, 1.0,
    ]

    /// `values` in any order; -0 and +0 are one level, +0.
    public init(values: [Float], name: String? = nil) throws {
        let sorted = Array(Set(values.map { $0 == 0 ? 0 : $0 })).sorted()
        let spec = name ?? "codebook:" + sorted.map { "\($0)" }.joined(separator: ",")
        guard sorted.count >= 2, sorted.count == values.count else {
            throw FormatError.invalidSpec(spec, reason: "a codebook needs at least 2 distinct values")
        }
        guard sorted.allSatisfy(\.isFinite) else { throw FormatError.invalidSpec(spec, reason: "codebook values must be finite") }
        guard sorted.count <= 1 << 16 else { throw FormatError.invalidSpec(spec, reason: "at most 65536 values") }
        let thresholds = (0 ..< sorted.count - 1).map { LevelTable.midpoint(sorted[$0], sorted[$0 + 1]) }
        let tieUp = (0 ..< sorted.count - 1).map { ($0 + 1) % 2 == 0 }
        table = LevelTable(levels: sorted, thresholds: thresholds, tieUp: tieUp)
        var bits = 1
        while 1 << bits < sorted.count { bits += 1 }
        let positives = sorted.filter { $0 > 0 }
        info = FormatInfo(
            name: spec, bits: bits, maxFinite: Double(sorted[sorted.count - 1]),
            minNormal: Double(positives.first ?? 0), minPositive: Double(positives.first ?? 0),
            hasInfinity: false, hasNaN: false, hasNegativeZero: false,
            specials: "saturates; NaN -> level nearest 0",
            definition: "\(sorted.count) listed values, code = index; nearest splits at midpoints",
            family: .codebook)
    }

    public var saturating: any ElementFormat { self }

    /// Branch-free table loops (`LevelTable+Kernels`).
    public var kernels: SpecializedKernels { table.kernels(for: self) }

    @inlinable
    public func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        table.quantize(x, mode: mode, random: random)
    }

    public func encode(rounded value: Float) -> UInt32 { UInt32(table.index(of: value) ?? 0) }

    public func decode(_ code: UInt32) -> Float {
        Int(code) < table.levels.count ? table.levels[Int(code)] : .nan
    }
}
