/// The charts a sweep can ask for under `charts:` (the SVGs are drawn by the Reports target).
public enum ChartKind: String, Sendable, CaseIterable, Codable {
    /// QSNR per format, one bar per data source (grouped bars).
    case qsnrByFormat = "qsnr_by_format"
    /// QSNR against bits per element, one line per format family.
    case qsnrVsBits = "qsnr_vs_bits"
    /// QSNR against the median block crest factor, one marker per data and transform, a color per format (a scatter).
    case qsnrVsCrest = "qsnr_vs_crest"
    /// Quantization kernel share per format, one bar per data source.
    case kernelShare = "kernel_share"
    /// QSNR per format without and with each Hadamard transform.
    case hadamard = "hadamard"
    /// The error curve of every search (`search(...)` formats) against its candidate values.
    case searchCurve = "search_curve"
    /// Matrix products: the max relative error of the product's accumulation part against K, one
    /// line per gemm entry, format and accumulator.
    case accumulationErrorVsK = "accumulation_error_vs_k"
    /// Matrix products: the mean relative error of the product and of its quantization and
    /// accumulation parts, per data, format and accumulator.
    case productErrorSplit = "product_error_split"
}
