/// Every failure the Tensors module reports.
///
/// `description` is always one line that names the file (or source spec), the tensor or key
/// involved, and the offending value, so a runner can print it as-is.
public enum TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened, mapped, written or renamed (`reason` is the OS message).
    case io(file: String, reason: String)
    /// The first bytes are not the magic of the expected format.
    case badMagic(file: String, format: String)
    /// An NPY version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(file: String, major: Int, minor: Int)
    /// The file ends before `what` is complete.
    case truncated(file: String, what: String, needed: Int, available: Int)
    /// The NPY header dictionary is malformed (`reason` says where and why).
    case badHeader(file: String, reason: String)
    /// An NPY array stored in Fortran (column-major) order.
    case fortranOrder(file: String, shape: [Int])
    /// A big-endian multi-byte dtype.
    case bigEndian(file: String, dtype: String)
    /// A dtype this reader cannot convert to Float.
    case unsupportedDType(file: String, tensor: String?, dtype: String, accepted: [String])
    /// Shape and byte count disagree (`tensor` is nil for .npy files).
    case sizeMismatch(file: String, tensor: String?, shape: [Int], expectedBytes: Int, actualBytes: Int)
    /// A shape whose element count or byte size overflows or exceeds the allowed maximum.
    case shapeTooLarge(file: String, tensor: String?, shape: [Int])
    /// The safetensors header length does not fit in the file or exceeds the sanity limit.
    case headerTooLarge(file: String, headerLength: UInt64, limit: Int)
    /// The safetensors JSON header is not valid JSON or not an object.
    case badJSON(file: String, reason: String)
    /// A safetensors header entry is missing or has an ill-typed field.
    case badEntry(file: String, tensor: String, reason: String)
    /// A tensor's `data_offsets` lie outside the data section or are reversed.
    case offsetsOutOfRange(file: String, tensor: String, begin: Int, end: Int, dataSize: Int)
    /// Two tensors share bytes of the data section.
    case overlappingTensors(file: String, first: String, second: String)
    /// A requested tensor name or glob matched nothing; `suggestions` are the closest names.
    case unknownTensor(file: String, name: String, suggestions: [String])
    /// A selection's pattern matched tensors but its filters left none (`reason` counts what each removed).
    case noTensorLeft(file: String, selection: String, reason: String)
    /// The same tensor name given twice to a writer.
    case duplicateTensor(file: String, tensor: String)
    /// A tensor-source spec string that is not a distribution call, .npy or .safetensors path.
    case badSource(spec: String, reason: String)
    /// An unknown distribution name in a source spec.
    case unknownDistribution(name: String, accepted: [String])
    /// An unknown parameter for a distribution.
    case unknownParameter(distribution: String, name: String, accepted: [String])
    /// A parameter value that does not parse or is out of range.
    case badParameter(distribution: String, name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .io(file, reason):
            return "\(file): \(reason)"
        case let .badMagic(file, format):
            return "\(file): not a \(format) file (bad magic bytes)"
        case let .unsupportedVersion(file, major, minor):
            return "\(file): unsupported NPY version \(major).\(minor) (accepted: 1.0, 2.0, 3.0)"
        case let .truncated(file, what, needed, available):
            return "\(file): truncated \(what): needs \(needed) bytes, only \(available) present"
        case let .badHeader(file, reason):
            return "\(file): bad NPY header: \(reason)"
        case let .fortranOrder(file, shape):
            return "\(file): Fortran-order array of shape \(Self.shapeText(shape)) is unsupported (C order only)"
        case let .bigEndian(file, dtype):
            return "\(file): big-endian dtype '\(dtype)' is unsupported (little-endian only)"
        case let .unsupportedDType(file, tensor, dtype, accepted):
            return "\(file)\(Self.tensorText(tensor)): unsupported dtype '\(dtype)' (accepted: \(accepted.joined(separator: ", ")))"
        case let .sizeMismatch(file, tensor, shape, expected, actual):
            return "\(file)\(Self.tensorText(tensor)): shape \(Self.shapeText(shape)) needs \(expected) data bytes but \(actual) are present"
        case let .shapeTooLarge(file, tensor, shape):
            return "\(file)\(Self.tensorText(tensor)): shape \(Self.shapeText(shape)) is too large"
        case let .headerTooLarge(file, length, limit):
            return "\(file): safetensors header length \(length) exceeds \(limit) bytes available"
        case let .badJSON(file, reason):
            return "\(file): bad safetensors JSON header: \(reason)"
        case let .badEntry(file, tensor, reason):
            return "\(file): tensor '\(tensor)': \(reason)"
        case let .offsetsOutOfRange(file, tensor, begin, end, size):
            return "\(file): tensor '\(tensor)': data_offsets [\(begin), \(end)] outside data section of \(size) bytes"
        case let .overlappingTensors(file, first, second):
            return "\(file): tensors '\(first)' and '\(second)' have overlapping data_offsets"
        case let .unknownTensor(file, name, suggestions):
            let hint = suggestions.isEmpty ? "the file holds no tensors" : "closest: \(suggestions.joined(separator: ", "))"
            return "\(file): no tensor matches '\(name)' (\(hint))"
        case let .noTensorLeft(file, selection, reason):
            return "\(file): no tensor left of '\(selection)' after its filters (\(reason))"
        case let .duplicateTensor(file, tensor):
            return "\(file): tensor name '\(tensor)' given twice"
        case let .badSource(spec, reason):
            return "tensor source '\(spec)': \(reason)"
        case let .unknownDistribution(name, accepted):
            return "unknown distribution '\(name)' (accepted: \(accepted.joined(separator: ", ")))"
        case let .unknownParameter(distribution, name, accepted):
            return "\(distribution): unknown parameter '\(name)' (accepted: \(accepted.joined(separator: ", ")))"
        case let .badParameter(distribution, name, value, reason):
            return "\(distribution): parameter \(name)=\(value): \(reason)"
        }
    }

    /// A shape as numpy prints it: `(8,)`, `(4, 64)`, `()`.
    public static func shapeText(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }

    private static func tensorText(_ tensor: String?) -> String {
        tensor.map { ": tensor '\($0)'" } ?? ""
    }
}
