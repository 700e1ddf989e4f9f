import Foundation

/// How far a quantized tensor q is from its original x, with the statistics of x that predict it.
///
/// Definitions (sums in Double over all `count` elements; see `Measures` for the formulas and
/// their sources, "INT v.s. FP" arXiv 2510.25602 and CrossQuant arXiv 2410.07505):
/// - `mse` = sum (x - q)^2 / count, `rmse` = sqrt(mse);
/// - `qsnrDB` = 10 log10(sum x^2 / sum (x - q)^2), +Inf when the error is zero;
/// - `maxAbsError` = max |x - q|;
/// - `meanRelativeError` = mean over the elements with x != 0 of |x - q| / |x| (elements with x = 0
///   have no relative error and are left out; NaN when every x is 0);
/// - `cosineSimilarity` = sum x q / sqrt(sum x^2 sum q^2);
/// - kernel share = #{x != 0, q == 0} / #{x != 0}, overall and summarized per row and per column
///   (`KernelShare`; rows and columns without nonzero x are left out of the summaries);
/// - saturation: with a `ClipLimit`, #{|x| > limit} (or x outside its range) and its share of
///   `count` (nil without one); what the limits are is the format's definition;
/// - `original`: mean, std, RMS, max|x|, crest factor, kurtosis of x (`TensorStatistics`);
/// - `blockCrestFactor`: summary of the per-block crest factors max|x| / RMS along the last axis
///   (`Measures.blockCrestFactors`; all-zero blocks left out), when a block size is given.
///
/// Undefined values are NaN and unbounded ones Inf; encode with `makeJSONEncoder()` (or any
/// encoder with a non-conforming float strategy), since plain JSON has neither.
/// Every number is identical whatever the thread count (fixed chunks, fixed summation order).
public struct QuantizationErrorReport: Codable, Sendable, Equatable {
    public var count: Int
    public var rowLength: Int
    public var blockSize: Int?
    public var mse: Double
    public var rmse: Double
    public var qsnrDB: Double
    public var maxAbsError: Double
    public var meanRelativeError: Double
    public var cosineSimilarity: Double
    /// #{x != 0}
    public var nonzeroCount: Int
    /// #{x != 0 and q == 0}
    public var kernelCount: Int
    /// kernelCount / nonzeroCount
    public var kernelShare: Double
    public var rowKernelShare: SummaryStatistics?
    public var columnKernelShare: SummaryStatistics?
    /// #{|x| > clip limit}; nil when no clip limit was given.
    public var saturatedCount: Int?
    /// saturatedCount / count; nil when no clip limit was given.
    public var saturatedShare: Double?
    /// Statistics of the original x.
    public var original: TensorStatistics
    public var blockCrestFactor: SummaryStatistics?

    /// A JSON encoder that writes Inf and NaN as the strings "Infinity", "-Infinity", "NaN"
    /// (and sorted keys, so equal reports encode to equal bytes).
    public static func makeJSONEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The matching decoder for `makeJSONEncoder()`.
    public static func makeJSONDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
