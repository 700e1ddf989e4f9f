import Foundation

/// The status every exported function returns (`QUANTLAB_OK`, `QUANTLAB_INVALID`, `QUANTLAB_FAILED`
/// in quantlab.h), and the one place that turns a thrown error into a status and a message.
enum CStatus: Int32 {
    case ok = 0
    /// Bad input: the error's one-line description is the CLI's message for the same input.
    case invalid = 1
    /// Good input, failed work (temporary files of `quantlab_analyze`).
    case failed = 2

    /// Runs `body`; an error becomes `.invalid` (or `.failed` for `CFailure`) with its description
    /// copied into `error` (`write`).
    static func run(_ error: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return CStatus.ok.rawValue
        } catch let failure as CFailure {
            write(failure.message, to: error, capacity: capacity)
            return CStatus.failed.rawValue
        } catch let thrown {
            write("\(thrown)", to: error, capacity: capacity)
            return CStatus.invalid.rawValue
        }
    }

    /// Copies `message` into `error` whole characters at a time, at most `capacity - 1` bytes, then NUL.
    static func write(_ message: String, to error: UnsafeMutablePointer<CChar>?, capacity: Int) {
        guard let error, capacity > 0 else { return }
        var bytes: [UInt8] = []
        for scalar in message.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            guard bytes.count + encoded.count <= capacity - 1 else { break }
            bytes += encoded
        }
        bytes.append(0)
        bytes.withUnsafeBufferPointer { source in
            error.withMemoryRebound(to: UInt8.self, capacity: capacity) { $0.update(from: source.baseAddress!, count: source.count) }
        }
    }
}

/// Good input whose work failed (status `QUANTLAB_FAILED`).
struct CFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
