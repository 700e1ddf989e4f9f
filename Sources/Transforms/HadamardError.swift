/// Why a Hadamard rotation cannot be applied; each message names the offending numbers.
public enum HadamardError: Error, Equatable, CustomStringConvertible {
    /// The block size is zero, negative, or not a power of two.
    case blockSizeNotPowerOfTwo(Int)
    /// A full-row rotation was asked for a row length that is not a power of two.
    case rowLengthNotPowerOfTwo(Int)
    /// The row length is not a whole number of blocks.
    case rowLengthNotMultipleOfBlockSize(rowLength: Int, blockSize: Int)
    /// The buffer does not hold a whole number of rows.
    case countNotMultipleOfRowLength(count: Int, rowLength: Int)
    /// A rotation from one buffer into another of a different size.
    case countMismatch(source: Int, destination: Int)

    public var description: String {
        switch self {
        case .blockSizeNotPowerOfTwo(let k):
            return "Hadamard block size \(k) is not a power of two (expected 1, 2, 4, 8, ...)"
        case .rowLengthNotPowerOfTwo(let n):
            return "full-row Hadamard rotation needs a power-of-two row length, got \(n)"
        case .rowLengthNotMultipleOfBlockSize(let n, let k):
            return "row length \(n) is not a multiple of the Hadamard block size \(k)"
        case .countNotMultipleOfRowLength(let count, let n):
            return "buffer of \(count) elements is not a whole number of rows of length \(n)"
        case .countMismatch(let source, let destination):
            return "cannot rotate \(source) elements into a buffer of \(destination)"
        }
    }
}

extension HadamardError: CustomDebugStringConvertible {
    public var debugDescription: String { description }
}
