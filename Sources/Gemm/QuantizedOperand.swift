import Formats

/// One GEMM operand, `rows x depth` in C order (depth = K, the reduction axis, last), quantized by a
/// `TensorFormat` whose groups run along K, and split into what a block dot product uses: element
/// values P and one scale s per (row, group of `groupLength` consecutive K positions). The operand's
/// value at (r, k) is `P[r, k] * s[r, k / groupLength]`, exactly (a real number).
///
/// Decomposition, by format:
/// - no format: the float32 values as given, P = value, s = 1 (one group spanning K);
/// - an element format (`UnscaledFormat`), or any format this type does not know: P = the
///   fake-quantized value, s = 1;
/// - `ScaledFormat`: P = the element code's value (asymmetric: `q - z`, an integer), s = the group's
///   stored scale times the tensor scale (`fl32(b * t)` for two levels), from `ScaledFormat.encode`
///   (the codes `quantlab quantize --codes` writes). Blocks of size g along K give groups of g (the
///   last one partial when g does not divide K); one scale per tensor, or per row (channel axis 0),
///   gives one group spanning K; per column (channel axis 1) gives groups of 1.
///
/// `dequantized` is what `quantlab quantize` writes: `fl32(P s)`. It equals `P s` for every format with
/// power-of-two scales (MX) unless that product is a float32 subnormal; with other scales (NVFP4's
/// `fl32(b t)`, FP32 group scales) the GEMM uses the exact `P s`, which can differ from it by half a
/// float32 unit: a tensor core multiplies the scales, it does not store the rounded product.
public struct QuantizedOperand: Sendable {
    public let rows: Int
    public let depth: Int
    /// The spec of the format (nil: not quantized).
    public let formatName: String?
    /// P, rows x depth.
    public let elements: [Float]
    /// One scale per (row, group), rows x groupsPerRow; nil when every scale is 1.
    public let scales: [Float]?
    /// K positions per group (depth when one scale covers a whole row).
    public let groupLength: Int
    /// `fl32(P s)`: the fake-quantized operand, as `quantlab quantize` writes it.
    public let dequantized: [Float]
    /// Facts about P that decide which kernel paths are exact (see `ElementFacts`).
    let facts: ElementFacts

    public var groupsPerRow: Int { (depth + groupLength - 1) / groupLength }

    /// The scale of (row, k).
    @inlinable public func scale(row: Int, k: Int) -> Float {
        scales.map { $0[row * groupsPerRow + k / groupLength] } ?? 1
    }

    /// Quantizes `values` (rows x depth) with `format` (nil: keep the float32 values).
    public init(values: [Float], rows: Int, depth: Int, format: (any TensorFormat)?,
                mode: RoundingMode = .nearestEven, seed: UInt64 = 0) throws {
        guard rows >= 1, depth >= 1, values.count == rows * depth else {
            throw GemmError.badShape("an operand of \(values.count) values is not \(rows) x \(depth)")
        }
        self.rows = rows; self.depth = depth
        formatName = format?.name
        let shape = [rows, depth]
        guard let format else {
            elements = values; scales = nil; groupLength = depth; dequantized = values
            facts = ElementFacts(values); return
        }
        guard let scaled = format as? ScaledFormat else {
            let fake = try format.fakeQuantize(values, shape: shape, mode: mode, seed: seed)
            dequantized = fake
            elements = fake; scales = nil; groupLength = depth
            facts = ElementFacts(fake); return
        }
        // One quantize pass: decoding the codes gives exactly `fakeQuantize`'s values (`ScaledCodes`).
        let codes = try scaled.encode(values, shape: shape, mode: mode, seed: seed)
        dequantized = try scaled.decode(codes, shape: shape)
        let element = scaled.element
        var p = codes.elements.map { element.decode($0) }
        let stored = codes.scales.map { scaled.scaleValue($0) }
        let groupScales = scaled.tensorScale ? stored.map { $0 * codes.tensorScale } : stored
        let length: Int, perRow: [Float]
        switch scaled.granularity {
        case let .block(size):
            length = size
            perRow = groupScales
        case .tensor:
            length = depth
            perRow = [Float](repeating: groupScales[0], count: rows)
        case let .channel(axis):
            let a = axis < 0 ? axis + 2 : axis
            guard a == 0 || a == 1 else {
                throw GemmError.unsupportedGrouping("format '\(scaled.name)': channel axis \(axis) is not an axis of a matrix operand")
            }
            if a == 0 {
                length = depth; perRow = groupScales
            } else {
                length = 1; perRow = (0 ..< rows).flatMap { _ in groupScales }
            }
        case .cross:
            length = 1; perRow = groupScales
        }
        if let zeroPoints = codes.zeroPoints {
            // Group numbering of `GroupLayout`: blocks row-major, channels by their axis index.
            let groupOf: (Int, Int) -> Int
            switch scaled.granularity {
            case .tensor: groupOf = { _, _ in 0 }
            case let .block(size): groupOf = { r, k in r * ((depth + size - 1) / size) + k / size }
            case .channel: groupOf = length == 1 ? { _, k in k } : { r, _ in r }
            case .cross: groupOf = { r, k in r * depth + k }
            }
            for r in 0 ..< rows {
                for k in 0 ..< depth { p[r * depth + k] -= Float(zeroPoints[groupOf(r, k)]) }
            }
        }
        elements = p; scales = perRow; groupLength = length
        facts = ElementFacts(p)
    }
}

/// What the kernels need to know about the element values P of an operand, from one scan.
struct ElementFacts: Sendable {
    /// Every P is finite.
    var finite = true
    /// Largest number of significant bits of a non-zero P (0 when all are zero).
    var significantBits = 0
    /// Exponent range of the non-zero |P| (floor(log2)), and the smallest exponent of a last
    /// significant bit; empty operands give (0, 0, 0).
    var minExponent = Int.max, maxExponent = Int.min, minLastBit = Int.max

    init(_ values: [Float]) {
        for v in values {
            guard v.isFinite else { finite = false; continue }
            guard v != 0 else { continue }
            let bits = v.bitPattern
            let field = Int((bits >> 23) & 0xFF)
            let mantissa = bits & 0x7F_FFFF
            let lastBit = field == 0 ? -149 + mantissa.trailingZeroBitCount
                : field - 150 + (mantissa | 0x80_0000).trailingZeroBitCount
            let exponent = Int(v.exponent)
            significantBits = max(significantBits, exponent - lastBit + 1)
            minExponent = min(minExponent, exponent); maxExponent = max(maxExponent, exponent)
            minLastBit = min(minLastBit, lastBit)
        }
        if minExponent == .max { minExponent = 0; maxExponent = 0; minLastBit = 0 }
    }

    /// Every product of a P of `self` and one of `other` is an exact float32 in [2^-100, 2^100]
    /// (or an exact zero): so `fl32(a b) = a b` and a float32 TwoSum with any accumulator value
    /// below 2^128 neither overflows nor loses its error term.
    func productsExact(with other: ElementFacts) -> Bool {
        finite && other.finite && significantBits + other.significantBits <= 24
            && minExponent + other.minExponent >= -100 && maxExponent + other.maxExponent <= 98
    }

    /// Every sum of up to `count` products of P's of `self` and `other` is an exact Double: the
    /// products are multiples of `2^(minLastBit + other.minLastBit)` below
    /// `2^(maxExponent + other.maxExponent + 2)`, so `count` of them fit in 53 bits when
    /// `log2(count) + (maxExponent + other.maxExponent + 2) - (minLastBit + other.minLastBit) <= 53`.
    func blockSumsExact(with other: ElementFacts, count: Int) -> Bool {
        let countBits = Int.bitWidth - (max(count, 1) - 1).leadingZeroBitCount
        return finite && other.finite
            && countBits + maxExponent + other.maxExponent + 2 - minLastBit - other.minLastBit <= 53
    }
}
