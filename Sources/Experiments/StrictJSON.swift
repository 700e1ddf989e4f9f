import Foundation
import Tensors

/// The JSON every QuantLab file uses (report `.json`, shard files, `analyze -o F.json`, the results
/// cache), valid for a strict parser (RFC 8259: numbers are finite; no `NaN`/`Infinity` tokens, and
/// no number fields that are sometimes strings).
///
/// The rule for non-finite numbers (+Inf, -Inf, NaN: a QSNR of a zero error, a relative error of an
/// all-zero tensor): the number is written as `null`, and the object holding it gets one more
/// member, `"nonFinite"`, mapping the member's name (a JSON Pointer relative to that object, RFC
/// 6901, when the number sits in an array: `"values/3"`) to `"inf"`, `"-inf"` or `"nan"`:
///
///     {"mse" : 0, "qsnrDB" : null, "nonFinite" : {"qsnrDB" : "inf"}}
///
/// A consumer that ignores `nonFinite` reads "no finite value" (pandas: NaN); `decode` puts the
/// exact value back, so a file round-trips bit for bit. Keys are sorted (`nonFinite` comes last in
/// its object), so equal values encode to equal bytes. The top level must be an object.
public enum StrictJSON {
    /// Encodes `value` with sorted keys (pretty-printed if asked) under the rule above.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        let sentinels = Sentinels()
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: sentinels.inf, negativeInfinity: sentinels.minusInf, nan: sentinels.nan)
        let text = [UInt8](try encoder.encode(value))
        let quoted = sentinels.quoted
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        var flags: [[JSONWalk.Step]: [(pointer: String, kind: String)]] = [:]
        try JSONWalk.walk(text, value: { path, range, _ in
            guard let kind = quoted[Array(text[range])] else { return }
            guard let (object, pointer) = JSONWalk.nearestObject(path) else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "a non-finite number outside any object"))
            }
            edits.append((range, Array("null".utf8)))
            flags[object, default: []].append((pointer, kind))
        }, objectEnd: { path, insertAt, indent in
            guard let entries = flags[path] else { return }
            let separator = pretty ? " : " : ":"
            let map = entries.map { "\(JSONString.literal($0.pointer))\(separator)\"\($0.kind)\"" }.joined(separator: pretty ? ", " : ",")
            edits.append((insertAt ..< insertAt, Array(",\(indent)\"nonFinite\"\(separator){\(map)}".utf8)))
        })
        return Data(JSONWalk.apply(edits, to: text))
    }

    /// Decodes what `encode` wrote (and plain JSON): members listed in an object's `nonFinite` get
    /// their non-finite values back; any other null is a null.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let text = [UInt8](data)
        var flags: [[JSONWalk.Step]: [String: String]] = [:]
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        try JSONWalk.walk(text, value: { path, range, isString in
            guard isString, path.count >= 2, path[path.count - 2] == .key("nonFinite"), case let .key(pointer) = path[path.count - 1] else { return }
            flags[Array(path.dropLast(2)), default: [:]][pointer] = try JSONWalk.string(text[range])
        }, member: { path, range in
            // Drop the flags themselves, so they never reach a decoded dictionary.
            if path.last == .key("nonFinite") { edits.append((range, [])) }
        })
        let sentinels = Sentinels()
        if !flags.isEmpty {
            let byKind = ["inf": sentinels.inf, "-inf": sentinels.minusInf, "nan": sentinels.nan]
            try JSONWalk.walk(text, value: { path, range, isString in
                guard !isString, text[range].elementsEqual("null".utf8) else { return }
                for (object, pointer) in JSONWalk.objects(enclosing: path) {
                    guard let kind = flags[object]?[pointer] else { continue }
                    guard let sentinel = byKind[kind] else {
                        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "nonFinite value '\(kind)' is not inf, -inf or nan"))
                    }
                    edits.append((range, Array(JSONString.literal(sentinel).utf8)))
                    break
                }
            })
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: sentinels.inf, negativeInfinity: sentinels.minusInf, nan: sentinels.nan)
        return try decoder.decode(type, from: Data(JSONWalk.apply(edits, to: text)))
    }

    /// Strings no real value holds (a fresh random tag; plain ASCII, so encoders write them
    /// verbatim), standing for the non-finite numbers
    /// between the JSON encoder and the rewrite.
    private struct Sentinels {
        let tag = UUID().uuidString
        var inf: String { "quantlab-nonfinite-\(tag)+inf" }
        var minusInf: String { "quantlab-nonfinite-\(tag)-inf" }
        var nan: String { "quantlab-nonfinite-\(tag)nan" }
        /// The encoded string tokens (as JSONEncoder writes them) -> kind.
        var quoted: [[UInt8]: String] {
            [Array(JSONString.literal(inf).utf8): "inf", Array(JSONString.literal(minusInf).utf8): "-inf", Array(JSONString.literal(nan).utf8): "nan"]
        }
    }
}
