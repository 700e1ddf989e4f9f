extension FormatRegistry {
    /// Parses any format spec, element or scaled, into the format applied to whole tensors.
    /// Scaled specs are tried first (`ScaledFormatSpec`), then element specs (used unscaled).
    public static func tensorFormat(_ spec: String) throws -> any TensorFormat {
        if let scaled = try ScaledFormatSpec.parse(spec) { return scaled }
        do {
            return try UnscaledFormat(element(spec))
        } catch FormatError.unknownFormat(let s, _) {
            throw FormatError.unknownFormat(s, suggestions: suggestions(for: s, among: ScaledFormatSpec.named.map(\.name)))
        }
    }
}
