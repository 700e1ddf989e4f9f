import Formats

/// The reference of a `MiniFloat`, from the value formula in its documentation:
/// normal `(-1)^s (1 + m 2^-M) 2^(e - bias)`, subnormal `(-1)^s m 2^-M 2^(1 - bias)`, E8M0 `2^(e - bias)`,
/// minus the codes `SpecialValues` reserves. Codes are enumerated here, not decoded by the format.
///
/// Rounding: IEEE 754 §4.3 on the value set with an unbounded exponent above (modelled by the
/// virtual value `max + 2^(emax - M)`, whose code parity is that of `maxCode + 1`), ties to the even
/// code (mantissa LSB; E8M0: ties up); a result beyond max overflows: §7.4 gives max to a mode that
/// rounds the magnitude down, the `SpecialValues` table gives the rest.
struct MiniFloatReference: FamilyReference {
    let format: MiniFloat
    let model: ReferenceModel
    let codeValues: [Float]
    let finiteValues: [Float]
    let maxValue: MPFRValue
    let virtualValue: MPFRValue

    init(_ f: MiniFloat) {
        format = f
        let e = f.exponentBits, m = f.mantissaBits, b = f.bias
        let top = (1 << e) - 1
        let exponentOnly = f.specials == .exponentOnly
        let magnitudeCodes = exponentOnly ? 1 << e : 1 << (e + m)

        /// The exact magnitude of a sign-0 code, or nil for a reserved (NaN or Inf) code.
        func magnitude(_ code: Int) -> MPFRValue? {
            if exponentOnly { return code == top ? nil : MPFRValue.power2(code - b) }
            let field = code >> m, mant = code & ((1 << m) - 1)
            switch f.specials {
            case .ieee where field == top: return nil
            case .fn where field == top && mant == (1 << m) - 1: return nil
            default: break
            }
            if field == 0 { return MPFRValue(int: mant, precision: 64).multiplied(by: .power2(1 - b - m), precision: 64) }
            return MPFRValue(int: (1 << m) + mant, precision: 64).multiplied(by: .power2(field - b - m), precision: 64)
        }

        var positive: [(value: MPFRValue, code: Int)] = []
        for code in 0 ..< magnitudeCodes { if let v = magnitude(code) { positive.append((v, code)) } }
        let maxEntry = positive[positive.count - 1]
        maxValue = maxEntry.value
        let maxField = exponentOnly ? maxEntry.code : max(maxEntry.code >> m, 1)
        let quantum = MPFRValue.power2(maxField - b - (exponentOnly ? 0 : m))
        virtualValue = maxValue.adding(quantum, precision: 64)
        positive.append((virtualValue, maxEntry.code + 1))

        // Signed set: mirror the positive magnitudes (one zero), E8M0 unsigned.
        var values: [MPFRValue] = [], codes: [Int] = []
        if !exponentOnly {
            for entry in positive.reversed() where !entry.value.isZero {
                values.append(entry.value.negated()); codes.append(entry.code)
            }
        }
        for entry in positive { values.append(entry.value); codes.append(entry.code) }
        // Tie to the even code of the two neighbours: the gap's upper neighbour wins iff the code of
        // its magnitude is even (on either side of zero). E8M0 ties go up.
        let tieUp = (0 ..< values.count - 1).map { exponentOnly || codes[$0 + 1] & 1 == 0 }
        model = ReferenceModel(values: values, tieUp: tieUp)
        finiteValues = values.filter { $0.magnitude() <= maxEntry.value }.map(\.float)

        // Reference decode of every code.
        var table: [Float] = []
        let signShift = exponentOnly ? 64 : e + m
        for code in 0 ..< 1 << f.bits {
            let sign = signShift < 64 && code >> signShift & 1 == 1
            let mag = code & (magnitudeCodes - 1)
            if let v = magnitude(mag) {
                if f.specials == .fnuz && sign && v.isZero { table.append(.nan); continue }
                table.append(sign ? -v.float : v.float)
            } else if f.specials == .ieee && mag & ((1 << m) - 1) == 0 {
                table.append(sign ? -.infinity : .infinity)
            } else {
                table.append(.nan)
            }
        }
        codeValues = table
    }

    /// The result an overflow (or an infinite input) becomes, before the sign: Inf, NaN or max.
    private func overflowMagnitude() -> Float {
        if format.isSaturating || format.specials == .finite { return maxValue.float }
        return format.specials == .ieee ? .infinity : .nan
    }

    func round(_ x: MPFRValue, mode requested: RoundingMode, random: UInt32) -> Float {
        let specials = format.specials
        if x.isNaN { return specials == .finite ? 0 : .nan }
        let negative = x.signBit
        // E8M0 is unsigned with no zero: negative (including -0 and -Inf) and zero inputs are NaN.
        if specials == .exponentOnly && (negative || x.isZero) { return .nan }
        let mode = specials == .exponentOnly && requested == .nearestEven ? RoundingMode.nearestAway : requested
        func signed(_ v: Float) -> Float { v.isNaN ? .nan : (negative ? -v : v) }
        if x.isInfinite { return signed(overflowMagnitude()) }

        let down = mode == .towardZero || (mode == .towardPositive && negative) || (mode == .towardNegative && !negative)
        let overflow: Bool
        var index = 0
        if x.magnitude() >= virtualValue {
            overflow = true
        } else if specials == .exponentOnly && x < model.values[0] {
            index = 0; overflow = false            // no zero: everything below the minimum is the minimum
        } else {
            index = model.round(x, mode: mode, random: random)
            overflow = model.values[index].magnitude() > maxValue
        }
        if overflow { return signed(down ? maxValue.float : overflowMagnitude()) }
        let v = model.values[index]
        if v.isZero { return specials == .fnuz ? 0 : (negative ? -0.0 : 0.0) }
        return v.float
    }
}
