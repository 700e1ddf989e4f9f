import Formats

/// Arguments that arrive from C, checked before any library call so that no pointer, size or
/// string from a caller can make the library trap or read out of bounds.
enum CArguments {
    /// Largest number of dimensions accepted (numpy's own limit is 64).
    static let maxDimensions = 64

    /// The shape `shape[0 ..< ndim]` and its element count: sizes are non-negative and the byte
    /// size of a float32 tensor of that shape fits in memory addresses.
    static func shape(_ shape: UnsafePointer<Int64>?, _ ndim: Int32) throws -> (dims: [Int], count: Int) {
        guard ndim >= 0, Int(ndim) <= maxDimensions else {
            throw CArgumentError("ndim \(ndim) is out of range (0...\(maxDimensions))")
        }
        guard ndim == 0 || shape != nil else { throw CArgumentError("shape is NULL for ndim \(ndim)") }
        let dims = (0 ..< Int(ndim)).map { Int(shape![$0]) }
        let limit = Int.max / 16
        var count = 1
        for d in dims {
            guard d >= 0 else { throw CArgumentError("shape \(text(dims)) has a negative size") }
            // Each size too, not only the product: a zero elsewhere must not let a size overflow the kernels' index arithmetic.
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= limit, d <= limit else { throw CArgumentError("shape \(text(dims)) is too large") }
            count = product
        }
        return (dims, count)
    }

    /// A shape as numpy prints it: `(2, 3)`, `(5,)`, `()`.
    static func text(_ dims: [Int]) -> String {
        "(" + dims.map(String.init).joined(separator: ", ") + (dims.count == 1 ? ",)" : ")")
    }

    /// The NUL-terminated UTF-8 string `pointer`, named `what` in the error when it is NULL or not UTF-8.
    static func string(_ pointer: UnsafePointer<CChar>?, _ what: String) throws -> String {
        guard let pointer else { throw CArgumentError("\(what) is NULL") }
        guard let text = String(validatingCString: pointer) else { throw CArgumentError("\(what) is not UTF-8") }
        return text
    }

    /// The rounding mode named by `pointer` (NULL: nearest-even), parsed as the CLI parses --rounding.
    static func rounding(_ pointer: UnsafePointer<CChar>?) throws -> RoundingMode {
        guard pointer != nil else { return .nearestEven }
        return try RoundingMode(name: string(pointer, "rounding"))
    }

    /// `count` elements at `pointer`, which may be NULL only when `count` is 0.
    static func input<T>(_ pointer: UnsafePointer<T>?, count: Int, _ what: String) throws -> UnsafeBufferPointer<T> {
        guard pointer != nil || count == 0 else { throw CArgumentError("\(what) is NULL") }
        return UnsafeBufferPointer(start: pointer, count: count)
    }

    /// `count` writable elements at `pointer`, which may be NULL only when `count` is 0.
    static func output<T>(_ pointer: UnsafeMutablePointer<T>?, count: Int, _ what: String) throws -> UnsafeMutableBufferPointer<T> {
        guard pointer != nil || count == 0 else { throw CArgumentError("\(what) is NULL") }
        return UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}

/// A bad argument from a C caller (status `QUANTLAB_INVALID`), one line naming it.
struct CArgumentError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
