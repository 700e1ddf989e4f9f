import Formats

/// The number format a dot product is summed in (`--accumulate SPEC`).
///
/// - `exact`: no rounding at all; the output is the exact dot product rounded once to float32.
/// - `fp32` (or `float32`): IEEE binary32; with nearest-even each step is one fused multiply-add.
/// - a minifloat spec: `bf16` / `bfloat16`, `fp16` / `float16`, or any `fp:eXmY[:bB][:policy][:sat]`
///   (`Formats.MiniFloat`, whose definition, specials and overflow rule apply to every step: an IEEE
///   format overflows to Inf, `fn` to NaN, a saturating one clamps). At most 11 significand bits
///   (MiniFloat's limit), so rounding to odd at 24 bits gives its rounding exactly (`ExactArithmetic`).
/// - a wider `fp:eXmY` with Y in 11...23 (`WideFloat`, e.g. `fp:e8m13`, the ~14 bits DeepSeek-V3
///   measured on H800): the same value-set definition, rounded from `RO_53` in Double.
///
/// `round_F(x)` below is the exact real x rounded once to F with the accumulator rounding mode.
public enum Accumulator: Sendable, Hashable, CustomStringConvertible {
    case exact
    case float32
    case minifloat(MiniFloat)
    case wide(WideFloat)

    /// The accumulator rounding modes: nearest-even, and toward-zero (truncation, as several tensor
    /// cores do). Other modes are refused by `rounding(named:)`.
    public static let roundingModes: [RoundingMode] = [.nearestEven, .towardZero]

    /// Parses an accumulator spec; throws `GemmError.badAccumulator` naming the spec when it is
    /// not one of the forms above.
    public init(spec: String) throws {
        let text = spec.trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "exact": self = .exact
        case "fp32", "float32": self = .float32
        case "bf16": self = try Accumulator(spec: "bfloat16")
        case "fp16": self = try Accumulator(spec: "float16")
        default:
            if let wide = try WideFloat(spec: spec) {
                self = .wide(wide)
                return
            }
            let element: any ElementFormat
            do {
                element = try FormatRegistry.element(spec.trimmingCharacters(in: .whitespaces))
            } catch FormatError.unknownFormat {
                let near = FormatRegistry.suggestions(for: text, among: Accumulator.shortNames)
                throw GemmError.badAccumulator(spec, reason: "unknown format" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")
                                               + " (\(Accumulator.forms))")
            } catch {
                throw GemmError.badAccumulator(spec, reason: "\(error)")
            }
            guard let f = element as? MiniFloat else {
                throw GemmError.badAccumulator(spec, reason: "not a floating-point format (\(Accumulator.forms))")
            }
            guard f.specials != .exponentOnly, f.mantissaBits >= 1 else {
                throw GemmError.badAccumulator(spec, reason: "'\(f.info.name)' has no mantissa bits to hold a sum")
            }
            self = .minifloat(f)
        }
    }

    static let shortNames = ["exact", "fp32", "float32", "bf16", "fp16"]
    static let forms = "use exact, fp32, bf16, fp16 or fp:eXmY[:bB][:ieee|fn|fnuz|finite][:sat], Y up to 23"

    /// Parses an accumulator rounding-mode name (nearest-even or toward-zero).
    public static func rounding(named name: String) throws -> RoundingMode {
        let mode = try RoundingMode(name: name)
        guard roundingModes.contains(mode) else {
            throw GemmError.badAccumulatorRounding(name, known: roundingModes.map(\.rawValue))
        }
        return mode
    }

    public var description: String {
        switch self {
        case .exact: return "exact"
        case .float32: return "fp32"
        case let .minifloat(f): return f.info.name
        case let .wide(f): return f.name
        }
    }
}

/// How a block's per-block scales meet the sum of its element products (OCP MX v1.0 §6: a block dot
/// product is `Dot(A, B) = X(A) X(B) sum_i P_i(A) P_i(B)` and a longer one is the sum of the block
/// dots; the internal precision of the inner sum is left to the implementation). Both rules apply
/// `scale_a x scale_b` to the block's sum of element products; they differ in that sum's precision.
public enum BlockSum: String, Sendable, Hashable, CaseIterable {
    /// The element products are summed in the accumulator format, in order, starting from 0 in each
    /// block (the tensor-core reading of the OCP dot product with the accumulator as its precision).
    case accumulator
    /// The element products are summed exactly (a full-precision block sum), then scaled.
    case exact

    /// Parses `accumulator` or `exact`.
    public init(name: String) throws {
        guard let rule = BlockSum(rawValue: name.lowercased()) else {
            throw GemmError.badBlockSum(name, known: BlockSum.allCases.map(\.rawValue))
        }
        self = rule
    }
}
