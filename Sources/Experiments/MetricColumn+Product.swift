import Gemm

/// The metrics of a matrix product (`GemmMeasurement`), one set per part of the error split
/// `total = quantization + accumulation` (`Gemm.GemmErrorReport`): `product_*` is the total
/// (the emulated Y against the exact product of the unquantized operands), `quantization_*` the
/// exact product of the quantized operands against it, `accumulation_*` Y against that. For each:
/// QSNR, the maximum and mean relative error and the share of outputs above 1% relative error.
/// Nil for tensor data and when every sampled output was non-finite (`GemmErrorReport.nonFinite`,
/// e.g. an FP16 accumulator that overflowed); a cell's value is the product's (the same for both
/// operand rows).
extension MetricColumn {
    static let productParts: [(prefix: String, title: String, part: @Sendable (GemmErrorReport) -> GemmErrorReport.Part)] = [
        ("product", "product", { $0.total }),
        ("quantization", "product, quantization part", { $0.quantization }),
        ("accumulation", "product, accumulation part", { $0.accumulation }),
    ]

    public static let productColumns: [MetricColumn] = productParts.flatMap { prefix, title, select in
        let part: @Sendable (GemmErrorReport) -> GemmErrorReport.Part? = { $0.nonFinite < $0.samples ? select($0) : nil }
        return [
            MetricColumn(id: "\(prefix)_qsnr_db", title: "\(title) QSNR", unit: "dB", better: .higher, scope: .format, displayScale: 1, digits: 2) { c, _ in
                c.gemm.flatMap { part($0.report) }.map { $0.qsnrDB ?? .infinity }
            },
            MetricColumn(id: "\(prefix)_max_rel_error", title: "\(title) max relative error", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 3) { c, _ in
                c.gemm.flatMap { part($0.report)?.maxRelativeError }
            },
            MetricColumn(id: "\(prefix)_mean_rel_error", title: "\(title) mean relative error", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 3) { c, _ in
                c.gemm.flatMap { part($0.report)?.meanRelativeError }
            },
            MetricColumn(id: "\(prefix)_share_above_1pct", title: "\(title) share of outputs above 1% relative error", unit: "%", better: .lower, scope: .format, displayScale: 100, digits: 2) { c, _ in
                c.gemm.flatMap { part($0.report)?.shareAbove1Percent }
            },
        ]
    }

    /// Whether the metric is one of the product's (read from `CellResult.gemm`).
    public var isProduct: Bool { Self.productColumns.contains { $0.id == id } }

    /// The columns reported for a sweep with matrix-product data when the spec names none: the
    /// operands' QSNR next to the product's error split.
    public static let productDefaultIDs = ["qsnr_db", "product_qsnr_db", "product_max_rel_error", "product_mean_rel_error",
                                           "product_share_above_1pct", "quantization_qsnr_db", "quantization_max_rel_error",
                                           "accumulation_qsnr_db", "accumulation_max_rel_error", "bits"]
}
