import Formats

/// The reference of an element format type that has no family reference here (a format a library
/// user registers, or a new in-tree type): built from the format's code values (its `decode` of
/// every code) and its `FormatInfo`, under the rounding contract every such format keeps:
/// - the values are the distinct finite code values (+0 and -0 are one value); a zero result is +0;
/// - nearest modes split at the exact midpoint of neighbouring values; a tie goes to the neighbour
///   whose code is even (the smallest code of that value): the IEEE rule of the minifloats, the
///   even integer of integer grids, the even index of codebooks;
/// - toward +Inf, -Inf and zero take the neighbour in that direction; stochastic rounds away from
///   zero iff `|x - near| > u (hi - lo)` exactly (`u` as in `StochasticBits`);
/// - inputs below the smallest or above the largest value, infinities included, give that value
///   (the format saturates);
/// - NaN gives NaN when the format has a NaN code (`info.hasNaN`), else the value nearest zero
///   (the positive one on a tie).
/// Formats with infinities (`info.hasInfinity`: they overflow by other rules) or over 16 bits (every
/// code is enumerated) are refused. Unlike the family references, the values come from the fast
/// path's `decode`, so the decode check only confirms `encode(decode(c)) == c`; every rounding is
/// still checked against the exact value set.
struct ValueSetReference: FamilyReference {
    let model: ReferenceModel
    let codeValues: [Float]
    let finiteValues: [Float]
    let nanResult: Float

    init(_ f: any ElementFormat) throws {
        let info = f.info
        guard !info.hasInfinity else {
            throw ReferenceError.unsupportedFormat(info.name, reason: "it has infinities; the generic value-set reference covers saturating formats")
        }
        guard (1 ... 16).contains(info.bits) else {
            throw ReferenceError.unsupportedFormat(info.name, reason: "\(info.bits) bits; the generic value-set reference enumerates at most 2^16 codes")
        }
        codeValues = (0 ..< UInt32(1 << info.bits)).map { f.decode($0) }
        var codeOf: [Float: Int] = [:]
        for (code, v) in codeValues.enumerated() where v.isFinite {
            let value = v == 0 ? 0 : v
            if codeOf[value] == nil { codeOf[value] = code }
        }
        let values = codeOf.keys.sorted()
        guard values.count >= 2 else {
            throw ReferenceError.unsupportedFormat(info.name, reason: "fewer than 2 finite values")
        }
        finiteValues = values
        model = ReferenceModel(values: values.map { MPFRValue($0, precision: 64) },
                               tieUp: values.dropFirst().map { codeOf[$0]! & 1 == 0 })
        let nearestZero = values.min { abs($0) < abs($1) || (abs($0) == abs($1) && $0 > $1) }!
        nanResult = info.hasNaN ? .nan : nearestZero
    }

    func round(_ x: MPFRValue, mode: RoundingMode, random: UInt32) -> Float {
        if x.isNaN { return nanResult }
        let first = model.values[0], last = model.values[model.values.count - 1]
        let clamped = x < first ? first : x > last ? last : x
        return float(at: model.round(clamped, mode: mode, random: random))
    }
}
