import Formats
import Gemm
import Metrics

/// What one cell measured: the cell's coordinates and, per loaded tensor, the error reports.
/// Stored as JSON in the results cache and in the report's `.json`.
public struct CellResult: Codable, Sendable, Equatable {
    /// Position in the sweep's cell list (reports are sorted by it).
    public var index: Int
    /// SHA-256 of the cell key: names the cached result file.
    public var hash: String
    /// Data name, canonical source spec, transform, format and rounding names.
    public var data: String
    public var source: String
    public var transform: String
    public var format: String
    public var family: String
    /// Family with its scaling, for grouping in charts: `MX fp`, `NV int`, `scaled int`, or the
    /// bare family for an unscaled element format.
    public var group: String
    public var rounding: String
    /// Storage bits per element, scale overhead included.
    public var bitsPerElement: Double
    /// One entry per tensor the source loaded (a safetensors glob can load several).
    public var tensors: [TensorMeasurement]
    /// Model-level metrics of a `model:` cell (`ModelMetrics`); nil for tensor cells.
    public var model: ModelMetrics?
    /// For a matrix-product cell: the product's error split (`GemmMeasurement`); `tensors` then
    /// holds operand A and operand B. Nil (and absent from JSON) for tensor data.
    public var gemm: GemmMeasurement?
    /// SHA-256 of everything above but `index` (`CellResult+Checksum`): set when the cell is
    /// computed, checked when a cached result or a results file is read back.
    public var checksum: String?

    public init(index: Int, hash: String, data: String, source: String, transform: String, format: String,
                family: String, group: String, rounding: String, bitsPerElement: Double, tensors: [TensorMeasurement],
                gemm: GemmMeasurement? = nil) {
        self.gemm = gemm
        self.index = index; self.hash = hash; self.data = data; self.source = source; self.transform = transform
        self.format = format; self.family = family; self.group = group; self.rounding = rounding; self.bitsPerElement = bitsPerElement
        self.tensors = tensors
    }
}

/// The measurements of one tensor in one cell.
public struct TensorMeasurement: Codable, Sendable, Equatable {
    /// Tensor name (file tensor name, path, or canonical synthetic spec) and shape.
    public var name: String
    public var shape: [Int]
    /// x against the dequantized result in x's own domain (after rotating back for Hadamard cells).
    public var original: QuantizationErrorReport
    /// For Hadamard cells, xH against Q(xH): the domain the format saw. Nil without a transform.
    public var rotated: QuantizationErrorReport?
    /// How many NaN or infinite input values were replaced by 0 before quantizing (only with
    /// `allow_nonfinite`); nil when there were none.
    public var nonFiniteReplaced: Int?
    /// What a search format chose and the error curves it saw; nil for other formats.
    public var search: SearchReport?

    public init(name: String, shape: [Int], original: QuantizationErrorReport, rotated: QuantizationErrorReport?,
                nonFiniteReplaced: Int? = nil, search: SearchReport? = nil) {
        self.name = name; self.shape = shape; self.original = original; self.rotated = rotated
        self.nonFiniteReplaced = nonFiniteReplaced; self.search = search
    }

    /// The report of the tensor the format quantized: rotated for Hadamard cells, else original.
    public var formatInput: QuantizationErrorReport { rotated ?? original }
}

/// The product measurements of a matrix-product cell: the gemm entry it came from, B's source
/// (A's is the cell's `source`), its accumulator (as `AccumulatorChoice.description`) and the error split of `Y = A B^T` against the
/// exact references (`Gemm.GemmErrorReport`: total = quantization part + accumulation part).
public struct GemmMeasurement: Codable, Sendable, Equatable {
    public var entry: String
    public var b: String
    public var accumulator: String
    public var report: GemmErrorReport

    public init(entry: String, b: String, accumulator: String, report: GemmErrorReport) {
        self.entry = entry; self.b = b; self.accumulator = accumulator; self.report = report
    }
}
