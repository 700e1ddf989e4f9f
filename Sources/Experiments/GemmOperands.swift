import Formats
import Gemm
import Tensors

/// A sweep data entry that is a matrix product `Y = A B^T` (`data: - gemm: {...}` in YAML): the
/// sources of A (M x K) and B (N x K), and how each operand is quantized. The `DataInput` that holds
/// it keeps A as its `source` and `content` (so transforms and formats are checked against A's rows
/// of length K, as against any tensor) and this value for the rest.
///
/// Operand formats: each operand takes the sweep's format axis (the cell's format) unless the
/// entry fixes it (`a_format` / `b_format`: a format spec, or `none` for the float32 values as
/// given); at most one operand may be fixed, so the format axis always means something.
public struct GemmOperands: Sendable, Equatable {
    /// How one operand is quantized.
    public enum OperandFormat: Sendable, Equatable, CustomStringConvertible {
        /// The cell's format (the sweep's `formats` axis).
        case axis
        /// Not quantized: the float32 values as given.
        case none
        case fixed(ParsedFormat)

        public var description: String {
            switch self {
            case .axis: return "axis"
            case .none: return "none"
            case let .fixed(f): return f.spec
            }
        }
    }

    /// The entry's name (data names add ` K=k` when the entry lists several K).
    public var entry: String
    public var b: TensorSource
    public var bContent: SourceContent
    public var m: Int, n: Int, k: Int
    public var aFormat: OperandFormat
    public var bFormat: OperandFormat
    /// Outputs compared with the exact references (`GemmErrorReport`: all of them when at least M N).
    public var samples: Int

    public init(entry: String, b: TensorSource, bContent: SourceContent, m: Int, n: Int, k: Int,
                aFormat: OperandFormat, bFormat: OperandFormat, samples: Int) {
        self.entry = entry; self.b = b; self.bContent = bContent; self.m = m; self.n = n; self.k = k
        self.aFormat = aFormat; self.bFormat = bFormat; self.samples = samples
    }

    /// B as it appears in cell keys (canonical spec, and the content digest of a file).
    public var bKey: String { b.description + (bContent.digest.map { "@sha256:\($0)" } ?? "") }

    /// The format an operand meets in a cell whose format is `cell` (nil: not quantized).
    public func format(_ operand: OperandFormat, cell: ParsedFormat) -> ParsedFormat? {
        switch operand {
        case .axis: return cell
        case .none: return nil
        case let .fixed(f): return f
        }
    }
}

/// The accumulator coordinates of a GEMM cell (`accumulators`, `accumulator_rounding` and `promote`
/// in YAML): the spec as written, its parse, the rounding mode and the promotion interval.
public struct AccumulatorChoice: Sendable, Equatable, CustomStringConvertible {
    public let spec: String
    public let accumulator: Accumulator
    public let rounding: RoundingMode
    public let promotion: Int?

    public init(spec: String, accumulator: Accumulator, rounding: RoundingMode, promotion: Int?) {
        self.spec = spec; self.accumulator = accumulator; self.rounding = rounding; self.promotion = promotion
    }

    /// E.g. `fp:e8m13 toward-zero · promote 128` (nearest-even and no promotion left out).
    public var description: String {
        spec + (rounding == .nearestEven ? "" : " \(rounding.rawValue)") + (promotion.map { " · promote \($0)" } ?? "")
    }

    /// What determines the accumulation, for cell keys.
    public var key: String {
        "accumulate=\(spec);accumulate_rounding=\(rounding.rawValue);promote=\(promotion.map(String.init) ?? "none")"
    }

    public static func == (a: AccumulatorChoice, b: AccumulatorChoice) -> Bool {
        a.spec == b.spec && a.rounding == b.rounding && a.promotion == b.promotion
    }
}
