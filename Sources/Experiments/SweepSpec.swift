import Formats

/// A parsed, validated sweep: the axes of the grid (or explicit cells) and what to report.
/// Built from YAML by `SweepSpec(yaml:file:)`; every spec error is found there, before any work.
public struct SweepSpec: Sendable {
    /// The file the spec came from (for messages) and its verbatim text (printed in reports).
    public var file: String
    public var text: String
    public var title: String
    public var description: String
    /// Seeds synthetic data without their own seed, random Hadamard signs and stochastic rounding.
    public var seed: UInt64
    /// Block length along the last axis for the block crest factor (`block_size`, default 32).
    public var blockSize: Int
    public var data: [DataInput]
    public var transforms: [TransformSpec]
    /// The formats, each parsed once where the spec was read.
    public var formats: [ParsedFormat]
    public var rounding: [RoundingMode]
    public var metrics: [MetricColumn]
    public var charts: [ChartKind]
    /// Explicit cells (`cells:`), replacing the product of the axes when present.
    public var explicitCells: [CellChoice]?
    /// `allow_nonfinite`: replace NaN and infinite input values by 0 instead of failing (`NonFinitePolicy`).
    public var allowNonFinite: Bool
    /// The `model:` entries of `data` (`ModelDataSpec`), whose cells follow the tensor cells (`modelCells()`).
    public var models: [ModelDataSpec] = []
    /// The accumulator axis of matrix-product data (`accumulators` x `accumulator_rounding` x
    /// `promote`, `SweepSpec+Gemm`); tensor data ignore it.
    public var accumulatorChoices: [AccumulatorChoice] = []

    public init(file: String, text: String, title: String, description: String, seed: UInt64, blockSize: Int,
                data: [DataInput], transforms: [TransformSpec], formats: [ParsedFormat], rounding: [RoundingMode],
                metrics: [MetricColumn], charts: [ChartKind], explicitCells: [CellChoice]?, allowNonFinite: Bool = false) {
        self.allowNonFinite = allowNonFinite
        self.file = file; self.text = text; self.title = title; self.description = description; self.seed = seed
        self.blockSize = blockSize; self.data = data; self.transforms = transforms; self.formats = formats
        self.rounding = rounding; self.metrics = metrics; self.charts = charts; self.explicitCells = explicitCells
    }

    /// SHA-256 of the verbatim spec text (printed in reports).
    public var textSHA256: String { SHA256.hex(text) }

    /// SHA-256 of what determines the results (seed, block size, version and every cell key): names
    /// the cache directory, so editing the title or charts reuses every cached cell.
    public var resultsHash: String {
        SHA256.hex((cells().map(\.key) + modelCells().map(\.key)).joined(separator: "\n"))
    }
}
