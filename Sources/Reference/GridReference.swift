import Formats

/// The reference of an `IntegerFormat`: the integers of its range (symmetric, two's complement or
/// unsigned); `x` is clamped to the range, then rounded, ties to the even integer; NaN gives 0; the
/// result is never -0. Codes: two's complement (the symmetric kind leaves `100..0` unused: NaN).
struct IntegerReference: FamilyReference {
    let model: ReferenceModel
    let codeValues: [Float]
    let finiteValues: [Float]
    let minimum: Int, maximum: Int

    init(_ f: IntegerFormat) {
        let n = f.bitWidth, half = 1 << (n - 1)
        switch f.kind {
        case .symmetric: (minimum, maximum) = (1 - half, half - 1)
        case .twosComplement: (minimum, maximum) = (-half, half - 1)
        case .unsigned: (minimum, maximum) = (0, (1 << n) - 1)
        }
        let ints = Array(minimum ... maximum)
        model = ReferenceModel(values: ints.map { MPFRValue(int: $0, precision: 64) },
                               tieUp: ints.dropFirst().map { $0 & 1 == 0 })
        finiteValues = ints.map { Float($0) }
        let (low, high, unsigned) = (minimum, maximum, f.kind == .unsigned)
        codeValues = (0 ..< 1 << n).map { code in
            let k = unsigned || code < half ? code : code - (1 << n)
            return (low ... high).contains(k) ? Float(k) : .nan
        }
    }

    func round(_ x: MPFRValue, mode: RoundingMode, random: UInt32) -> Float {
        if x.isNaN { return 0 }
        let first = model.values[0], last = model.values[model.values.count - 1]
        let clamped = x < first ? first : x > last ? last : x
        return float(at: model.round(clamped, mode: mode, random: random))
    }
}

/// The reference of a `BipolarInt`: the odd integers in `[-(2^n - 1), 2^n - 1]`, code `B` has value
/// `2B - (2^n - 1)`. The magnitude is clamped to `2^n - 1`; for `|x| >= 1` ties go to even
/// `j = (|v| - 1)/2`; between -1 and +1 the documented rules (nearest, toward zero: `sign(x)`, ±0 to
/// +1; toward ±inf: ±1; stochastic: +1 iff `x > 2u - 1`). NaN gives +1.
struct BipolarReference: FamilyReference {
    let model: ReferenceModel
    let codeValues: [Float]
    let finiteValues: [Float]

    init(_ f: BipolarInt) {
        let top = (1 << f.bitWidth) - 1
        let odd = Array(stride(from: -top, through: top, by: 2))
        model = ReferenceModel(values: odd.map { MPFRValue(int: $0, precision: 64) },
                               tieUp: odd.dropFirst().map { (abs($0) - 1) / 2 % 2 == 0 })
        finiteValues = odd.map { Float($0) }
        codeValues = (0 ..< 1 << f.bitWidth).map { Float(2 * $0 - top) }
    }

    func round(_ x: MPFRValue, mode: RoundingMode, random: UInt32) -> Float {
        if x.isNaN { return 1 }
        let first = model.values[0], last = model.values[model.values.count - 1]
        let clamped = x < first ? first : x > last ? last : x
        let one = MPFRValue(int: 1, precision: 8)
        if clamped.magnitude() < one {
            switch mode {
            case .nearestEven, .nearestAway, .towardZero: return x >= MPFRValue.zero() ? 1 : -1
            case .towardPositive: return 1
            case .towardNegative: return -1
            case .stochastic:
                let u = MPFRValue(Double(random >> 8) * 0x1p-24, precision: 64)
                let bound = u.multiplied(by: .power2(1), precision: 64).subtracting(one, precision: 64)
                return x > bound ? 1 : -1
            }
        }
        return float(at: model.round(clamped, mode: mode, random: random))
    }
}
