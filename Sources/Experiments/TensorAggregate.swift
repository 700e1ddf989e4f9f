/// How a cell that measured several tensors (a safetensors glob) is summarized in one number.
/// Reports show each tensor's own row and both aggregates, each named for what it is.
public enum TensorAggregate: String, Sendable, CaseIterable {
    /// The arithmetic mean of the per-tensor values; for QSNR the mean of the dB values, as
    /// "INT v.s. FP" (arXiv 2510.25602) Fig. 4 reports mean QSNR over tensors. Every tensor
    /// weighs the same whatever its size, and one error-free tensor (QSNR +Inf) makes it +Inf.
    case mean
    /// The metric of all tensors taken as one tensor: sums (of error energy, signal energy, counts)
    /// added over the tensors before the ratio, so QSNR_pooled = 10 log10(sum_t sum x^2 /
    /// sum_t sum (x - q)^2) (`MetricColumn.pooled`); nil for metrics that cannot be pooled from
    /// per-tensor summaries (cosine, medians and other order statistics, kurtosis).
    case pooled

    /// The row label: "mean of dB over 12 tensors", "pooled error energy over 12 tensors" for a
    /// dB metric; "mean over 12 tensors", "pooled over 12 tensors" otherwise.
    public func label(for metric: MetricColumn?, tensors: Int) -> String {
        let db = metric?.unit == "dB"
        switch self {
        case .mean: return (db ? "mean of dB" : "mean") + " over \(tensors) tensors"
        case .pooled: return (db ? "pooled error energy" : "pooled") + " over \(tensors) tensors"
        }
    }
}
