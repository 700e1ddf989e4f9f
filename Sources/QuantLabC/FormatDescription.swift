import Foundation
import Formats

/// The facts of one format spec as JSON (`quantlab_describe`): what `quantlab formats SPEC` prints,
/// as data. Keys are snake_case; NaN and infinite numbers are the strings "NaN", "Infinity", "-Infinity".
struct FormatDescription: Encodable {
    /// Largest element width whose every code value is listed (as `quantlab formats SPEC` lists them).
    static let listedBits = 12

    var name: String
    /// "element" (no scale) or "scaled".
    var kind: String
    var bitsPerElement: Double
    var family: String
    /// The element format's facts (for a scaled format, its saturating element).
    var element: ElementFacts
    /// Every element code's value, by code; nil over `listedBits` bits.
    var values: [Float]?
    var granularity: String?
    var blockSize: Int?
    var channelAxis: Int?
    var scale: String?
    var scaleBits: Int?
    var tensorScale: Bool?
    var asymmetric: Bool?

    init(_ spec: String) throws {
        let format = try FormatRegistry.tensorFormat(spec)
        name = format.name
        bitsPerElement = format.bitsPerElement
        family = format.descriptor.family.rawValue
        element = ElementFacts(format.element.info)
        values = element.bits <= Self.listedBits ? format.element.allValues : nil
        guard let scaled = format as? ScaledFormat else {
            kind = "element"
            return
        }
        kind = "scaled"
        granularity = scaled.granularity.name
        if case let .block(size) = scaled.granularity { blockSize = size }
        if case let .channel(axis) = scaled.granularity { channelAxis = axis }
        scale = scaled.scale.name
        scaleBits = scaled.scale.bits
        tensorScale = scaled.tensorScale
        asymmetric = scaled.asymmetric
    }

    /// `FormatInfo` under names that convert to plain snake_case keys (`hasNaN` would give `has_na_n`).
    struct ElementFacts: Encodable {
        var name: String
        var bits: Int
        var maxFinite, minNormal, minPositive: Double
        var hasInfinity, hasNan, hasNegativeZero: Bool
        var specials, definition, family: String

        init(_ info: FormatInfo) {
            name = info.name; bits = info.bits
            maxFinite = info.maxFinite; minNormal = info.minNormal; minPositive = info.minPositive
            hasInfinity = info.hasInfinity; hasNan = info.hasNaN; hasNegativeZero = info.hasNegativeZero
            specials = info.specials; definition = info.definition; family = info.family.rawValue
        }
    }

    /// The listing of `quantlab_formats`: named element and scaled formats, parametric forms.
    struct Listing: Encodable {
        struct Form: Encodable { var form: String; var meaning: String }
        var element = FormatRegistry.named.map(\.name) + FormatRegistry.registeredNames
        var scaled = ScaledFormatSpec.named.map(\.name)
        var parametric = FormatRegistry.parametricForms.map { Form(form: $0.form, meaning: $0.meaning) }
    }

    /// JSON of `value` with snake_case keys and Inf/NaN as strings, as a malloc'ed C string.
    static func json(_ value: some Encodable) throws -> UnsafeMutablePointer<CChar> {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        guard let text = strdup(String(decoding: data, as: UTF8.self)) else { throw CFailure(message: "out of memory") }
        return text
    }
}
