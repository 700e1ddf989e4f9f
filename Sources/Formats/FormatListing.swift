import PlainText

/// Text tables describing formats, for `quantlab formats`.
public enum FormatListing {
    /// One aligned row per named format: bits, max, smallest normal and positive value, specials, definition.
    public static func table() -> String {
        var rows = [["name", "bits", "max", "min normal", "min positive", "specials", "definition"]]
        for entry in FormatRegistry.named {
            guard let f = try? entry.make() else { continue }
            let i = f.info
            rows.append([i.name, "\(i.bits)", short(i.maxFinite), short(i.minNormal), short(i.minPositive), i.specials, i.definition])
        }
        var text = AlignedColumns.text(rows)
        text += "\nScaled formats (blocks along the last axis; bits per element include the block scale):\n"
        var scaled = [["name", "element", "block", "scale", "bits/elem", "definition"]]
        for entry in ScaledFormatSpec.named {
            guard let f = try? ScaledFormatSpec.parse(entry.name) else { continue }
            scaled.append([entry.name, f.element.info.name, "\(entry.block)",
                           f.scale.name + (f.tensorScale ? " + fp32 tensor" : ""), short(f.bitsPerElement), entry.note])
        }
        text += AlignedColumns.text(scaled)
        text += "\nParametric specs:\n"
        text += FormatRegistry.parametricForms.map { "  \($0.form)\n      \($0.meaning)\n" }.joined()
        return text
    }

    /// Any spec: a scaled format's facts then its element's code points, or an element format's.
    public static func describe(_ spec: String) throws -> String {
        let format = try FormatRegistry.tensorFormat(spec)
        guard let scaled = format as? ScaledFormat else { return codePoints(of: format.element) }
        let level = scaled.tensorScale ? ", then an FP32 tensor scale" : ""
        let header = "\(scaled.name): \(scaled.granularity.name), scale \(scaled.scale.name)\(level)"
            + (scaled.asymmetric ? ", asymmetric (zero point)" : "")
            + "; \(short(scaled.bitsPerElement)) bits per element\n"
            + scaleFormulas(scaled).map { "  " + $0 + "\n" }.joined()
            + "  elements (saturating):\n"
        return header + codePoints(of: scaled.element).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n")
    }

    /// Every code of a format with its value, plus its facts.
    public static func codePoints(of format: any ElementFormat) -> String {
        let i = format.info
        let text = "\(i.name): \(i.definition)\n  bits \(i.bits), max \(short(i.maxFinite)), min normal \(short(i.minNormal)), "
            + "min positive \(short(i.minPositive)); \(i.specials)\n"
        let width = (i.bits + 3) / 4
        let count = 1 << i.bits
        guard count <= 1 << 12 else {
            return text + "  (\(count) codes: too many to list)"
        }
        var rows: [[String]] = [["code", "bits", "value"]]
        for c in 0 ..< count {
            let hex = String(c, radix: 16)
            let bin = String(c, radix: 2)
            rows.append(["0x" + String(repeating: "0", count: max(0, width - hex.count)) + hex,
                         String(repeating: "0", count: i.bits - bin.count) + bin, "\(format.decode(UInt32(c)))"])
        }
        return text + AlignedColumns.text(rows)
    }

    /// A compact exact-enough rendering of a Double (powers of two as 2^k when very large or small).
    public static func short(_ v: Double) -> String {
        if v == 0 || (abs(v) >= 1e-4 && abs(v) < 1e7) {
            let s = String(v)
            return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
        }
        let e = Int(v.exponent)
        return v == Double(sign: .plus, exponent: e, significand: 1) ? "2^\(e)" : String(v)
    }
}
