/// The scale formulas of a scaled format as `quantlab formats SPEC` prints them: the definition in
/// `ScaledFormat` and `ScaleRule` with this format's numbers put in (elemMax, emax, scale format).
extension FormatListing {
    public static func scaleFormulas(_ f: ScaledFormat) -> [String] {
        let e = short(Double(f.elementMax))
        let element = f.element.info.name
        var lines: [String] = []
        let group: String
        switch f.granularity {
        case .tensor: group = "tensor"
        case let .channel(axis): group = "index of axis \(axis) (one scale per channel)"
        case let .block(size): group = "block of \(size) along the last axis (a partial block at a row's end)"
        case let .cross(alpha): group = "element (i, j) of the [rows, last axis] view (amax = fl32(t_i^\(alpha) c_j^\(1 - alpha)), t_i row absmax, c_j column absmax)"
        }
        let (scaled, ratio): (String, String)
        switch f.clipping {
        case .absmax: (scaled, ratio) = ("max |x|", "")
        case let .ratio(r): (scaled, ratio) = ("fl32(max |x| * \(r))", "")
        case .mseSearch: (scaled, ratio) = ("fl32(max |x| * r)", "; r in {1, 0.99, ..., 0.5} chosen per tensor to minimize its squared error")
        }
        if f.asymmetric {
            let levels = short(Double(f.elementMax))
            lines.append("per \(group): lo = min(min x, 0), hi = max(max x, 0)" + (f.clipping == .absmax ? "" : ", each times the clipping ratio") + ratio)
            lines.append("  s = fl32(fl32(hi - lo) / \(levels)), z = round_even(fl32(-lo / s)) in [0, \(levels)]")
            lines.append("element: q = round_\(element)(fl32(fl32(x / s) + z)), value fl32((q - z) * s)")
        } else {
            if f.tensorScale {
                lines.append("per tensor: t = fl32(amax_tensor / (\(short(Double(f.scaleMax))) * \(e))), amax_tensor = \(scaled) over the finite values (t = 0 gives zeros)")
            }
            if case .cross = f.granularity {
                lines.append("per \(group)" + (f.clipping == .absmax ? "" : ", times the clipping ratio") + ratio)
            } else {
                lines.append("per \(group): amax = \(scaled) over the group" + ratio)
            }
            lines.append("  " + storedScale(f, elementMax: e) + (f.tensorScale ? "; applied s = fl32(b * t)" : ""))
            lines.append("element: q = round_\(element)(fl32(x / s)) (saturating), value fl32(q * s)")
        }
        lines.append("a group holding Inf or NaN gives NaN; amax = 0 (or a scale that rounds to 0) gives zeros")
        return lines
    }

    /// The stored scale `b` (or `s` for one level) from amax, per `ScaleRule`.
    static func storedScale(_ f: ScaledFormat, elementMax e: String) -> String {
        let s = f.tensorScale ? "b" : "s"
        switch f.scale {
        case .fp32:
            return "\(s) = fl32(amax / \(e)) (FP32)"
        case let .powerOfTwo(rule):
            let emax = Int(f.elementMax.exponent)
            let exponent: String
            switch rule {
            case .floor: exponent = "floor(log2 amax) - \(emax)"
            case .ceil: exponent = "ceil(log2 amax) - \(emax)"
            case .even: exponent = "floor(log2 round_even(amax to \((f.elementMantissaBits ?? 23) + 1) significant bits)) - \(emax)"
            case .rceil: exponent = "ceil(log2 fl32(amax / \(e)))"
            }
            return "\(s) = 2^(\(exponent)), exponent clipped to [-127, 127] (E8M0, \(rule.rawValue) rule)"
        case let .minifloat(m):
            let quotient = f.tensorScale ? "fl32(fl32(amax / \(e)) / t)" : "fl32(amax / \(e))"
            let overflow = f.tensorScale ? "" : ", an error above \(short(Double(f.scaleMax)))"
            return "\(s) = round_\(m.info.name)(\(quotient)) (nearest even, saturating\(overflow))"
        }
    }
}
