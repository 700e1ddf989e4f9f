extension FormatRegistry {
    /// Parses any format spec, element or scaled, into the format applied to whole tensors.
    /// Searches (`SearchSpec`), LLM-FP4's real-bias floats (`fpq(...)`) and dynamic fixed point
    /// (`dfp:B`) first, then scaled specs (`ScaledFormatSpec`), then element specs (used unscaled).
    public static func tensorFormat(_ spec: String) throws -> any TensorFormat {
        if let search = try SearchSpec.parse(spec) { return try SearchFormat(search) }
        if let realBias = try RealBiasFloat.parse(spec) { return realBias }
        if let dfp = try DynamicFixedPoint.parse(spec) { return dfp }
        if let scaled = try ScaledFormatSpec.parse(spec) { return scaled }
        do {
            return try UnscaledFormat(element(spec))
        } catch FormatError.unknownFormat(let s, _) {
            throw FormatError.unknownFormat(s, suggestions: suggestions(for: s, among: ScaledFormatSpec.named.map(\.name)))
        }
    }
}
