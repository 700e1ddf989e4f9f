/// Errors of the Gemm target. Each description is one line naming the bad value.
public enum GemmError: Error, CustomStringConvertible, Equatable, Sendable {
    case badAccumulator(String, reason: String)
    case badAccumulatorRounding(String, known: [String])
    case badBlockSum(String, known: [String])
    /// The reduction lengths of A (M x K) and B (N x K) differ.
    case depthMismatch(a: [Int], b: [Int])
    /// An operand is not a matrix (rank 2), or a buffer does not hold rows x depth values.
    case badShape(String)
    case badPromotion(Int)
    case promotionWithExact
    /// A format whose groups do not run along K (channels of another axis of a larger tensor).
    case unsupportedGrouping(String)
    case badSamples(Int)

    public var description: String {
        switch self {
        case let .badAccumulator(spec, reason):
            return "accumulator '\(spec)': \(reason)"
        case let .badAccumulatorRounding(name, known):
            return "accumulator rounding '\(name)' is not supported; use \(known.joined(separator: " or "))"
        case let .badBlockSum(name, known):
            return "unknown block sum '\(name)'; known: \(known.joined(separator: ", "))"
        case let .depthMismatch(a, b):
            return "K mismatch: A has shape \(a.map(String.init).joined(separator: "x")) and B has shape "
                + "\(b.map(String.init).joined(separator: "x")); Y = A B^T needs A (M x K) and B (N x K) with the same K"
        case let .badShape(reason):
            return reason
        case let .badPromotion(n):
            return "promotion interval \(n) must be at least 1"
        case .promotionWithExact:
            return "--promote has no meaning with the exact accumulator (nothing is rounded to promote)"
        case let .unsupportedGrouping(reason):
            return reason
        case let .badSamples(n):
            return "reference samples \(n) must be at least 1"
        }
    }
}
