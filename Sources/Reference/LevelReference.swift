import Foundation
import Formats

/// The reference of a `Codebook` or a `PowerExponent`, formats defined by a list of levels
/// (`LevelTable`'s rules): clamp to the end levels, exact levels unchanged, nearest modes split at
/// the midpoint (codebook, ties to the even index) or where `|x|^a = k + 1/2` (power, ties to even
/// `k`), directed modes per the table, stochastic by the table's double expression. NaN gives the
/// level nearest zero (the first such in ascending order).
struct LevelReference: FamilyReference {
    let model: ReferenceModel
    let codeValues: [Float]
    let finiteValues: [Float]
    let nanLevel: Float
    /// PowerExponent returns `level + 0`, so never -0.
    let positiveZero: Bool

    /// A codebook: levels are the listed values; code = index.
    init(_ f: Codebook) {
        let levels = f.table.levels
        model = ReferenceModel(values: levels.map { MPFRValue($0, precision: 64) },
                               tieUp: (1 ..< levels.count).map { $0 % 2 == 0 },
                               stochastic: .levelTableDouble)
        finiteValues = levels
        codeValues = (0 ..< 1 << f.bits).map { $0 < levels.count ? levels[$0] : .nan }
        nanLevel = levels.min { abs($0) < abs($1) }!
        positiveZero = false
    }

    /// A power-exponent format: levels `±Float(k^(1/a))`, `k = 0 ... Q`, computed here in MPFR
    /// (correctly rounded to 24 bits), thresholds `(k + 1/2)^(1/a)` to 256 bits.
    init(_ f: PowerExponent) throws {
        let q = (1 << (f.bitWidth - 1)) - 1
        let a = MPFRValue(f.exponent, precision: 64)
        let inverse = MPFRValue(int: 1, precision: 64).divided(by: a, precision: 2048)
        let positive: [MPFRValue] = try (0 ... q).map { k in
            let level = MPFRValue(int: k, precision: 64).power(inverse, precision: 24)
            guard let v = level.exactFloat, v.isFinite else {
                throw ReferenceError.unrepresentableValues(f.info.name, reason: "level \(k)^(1/a) = \(level) is not a finite Float")
            }
            return MPFRValue(v, precision: 64)  // drop the ternary: the level is a Float
        }
        let values = positive.dropFirst().reversed().map { $0.negated() } + positive
        // Gap i lies between k = i - q and i - q + 1; ties go to the even |k|.
        let tieUp = (0 ..< 2 * q).map { abs($0 - q + 1) % 2 == 0 }
        let half = MPFRValue.power2(-1)
        let splits: [MPFRValue] = (0 ..< 2 * q).map { i in
            let k = i - q  // split between k and k + 1 at k + 1/2 (signed)
            return MPFRValue(int: k, precision: 64).adding(half, precision: 64)
        }
        let thresholds: [MPFRValue] = splits.map { s in
            let t = s.magnitude().power(inverse, precision: 256)
            return s.signBit ? t.negated() : t
        }
        model = ReferenceModel(values: values, tieUp: tieUp, thresholds: thresholds,
                               power: .init(exponent: a, points: splits), stochastic: .levelTableDouble)
        finiteValues = values.map(\.float)
        codeValues = (0 ..< 1 << f.bitWidth).map { code in
            let k = code >= 1 << (f.bitWidth - 1) ? code - (1 << f.bitWidth) : code
            return abs(k) <= q ? values[k + q].float : .nan
        }
        nanLevel = 0
        positiveZero = true
    }

    func round(_ x: MPFRValue, mode: RoundingMode, random: UInt32) -> Float {
        if x.isNaN { return nanLevel }
        let i: Int
        if x < model.values[0] { i = 0 } else if x > model.values[model.values.count - 1] {
            i = model.values.count - 1
        } else { i = model.round(x, mode: mode, random: random) }
        let v = finiteValues[i]
        return positiveZero && v == 0 ? 0 : v
    }
}
