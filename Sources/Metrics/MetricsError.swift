/// Why a measurement cannot be made; each message names the offending numbers.
public enum MetricsError: Error, Equatable, CustomStringConvertible {
    case countMismatch(original: Int, quantized: Int)
    case shapeMismatch(original: [Int], quantized: [Int])
    case rowLengthInvalid(rowLength: Int, count: Int)
    case blockSizeInvalid(Int)
    case clipLimitCountMismatch(given: Int, expected: Int)

    public var description: String {
        switch self {
        case .countMismatch(let x, let q):
            return "original has \(x) elements but quantized has \(q)"
        case .shapeMismatch(let x, let q):
            return "original has shape \(x) but quantized has shape \(q)"
        case .rowLengthInvalid(let n, let count):
            return "row length \(n) does not divide the element count \(count) into whole rows"
        case .blockSizeInvalid(let k):
            return "block size \(k) must be positive"
        case .clipLimitCountMismatch(let given, let expected):
            return "clip limit has \(given) values, expected \(expected)"
        }
    }
}

extension MetricsError: CustomDebugStringConvertible {
    public var debugDescription: String { description }
}
