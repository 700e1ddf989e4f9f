/// Saturation: which elements a format clipped, from the scales its quantize pass returned.
///
/// Definition (the `saturated_share` metric): an element x in a group with scale s (an unscaled
/// format has s = 1) is saturated when |x| > fl32(T * s), with the element format's saturation
/// threshold T = M + h: M its largest finite value and h half the gap from M down to the value
/// below it (`ElementFormat.saturationThreshold`). T is where round-to-nearest on the element's
/// grid, continued one step past M, would stop giving M; so an element counts only when the clamp
/// to M cost it more than the grid's own rounding. An element equal to M after an exact absmax scale
/// is therefore not saturated, whatever the float32 rounding of s (M * s may lie one ulp below the
/// group's amax; T * s never does), and neither is anything the format rounds to M anyway; under the
/// OCP floor rule, 957 in an MXFP8 E4M3 block (s = 2, M * s = 896, T * s = 928) is saturated. Both
/// signs are judged by M (a two's-complement integer's extra negative value is not counted).
/// Asymmetric groups, whose grid is [0, L] shifted by the zero point z: saturated when
/// x < -fl32((z + h) * s) or x > fl32((L - z + h) * s). A group with a special scale (NaN: it holds
/// Inf or NaN; zero: all-zero, see `SpecialScale`) saturates nothing.
extension ScaledFormat {
    /// Per group, the range outside which an element is saturated (`lower` = -`upper` for
    /// symmetric scaling), from the scales one quantize pass returned.
    public func saturationBounds(_ s: Scales) -> (lower: [Float], upper: [Float]) {
        let h = saturationThreshold - elementMax
        var lower: [Float] = [], upper: [Float] = []
        lower.reserveCapacity(s.scales.count); upper.reserveCapacity(s.scales.count)
        for (g, scale) in s.scales.enumerated() {
            if SpecialScale.value(scale) != nil {
                lower.append(-.infinity); upper.append(.infinity)
            } else if let z = s.zeroPoints?[g] {
                lower.append(-((z + h) * scale)); upper.append((elementMax - z + h) * scale)
            } else {
                upper.append(saturationThreshold * scale); lower.append(-upper[g])
            }
        }
        return (lower, upper)
    }
}

extension ElementFormat {
    /// T = M + h (see `ScaledFormat+Saturation`): the largest finite value M plus half the gap to
    /// the next value below it, found among the code values; M when there is none. Rounded to float32.
    public var saturationThreshold: Float {
        let top = info.maxFinite
        var below = -Double.infinity
        for code in 0 ..< UInt32(1 << info.bits) {
            let v = Double(decode(code))
            if v.isFinite, v < top, v > below { below = v }
        }
        return Float(below.isFinite ? top + (top - below) / 2 : top)
    }
}

extension GroupLayout {
    /// One value per element from one value per group (`perGroup[g]` for every element of group g).
    public func perElement(_ perGroup: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        forEachElement { i, g in out[i] = perGroup[g] }
        return out
    }
}
