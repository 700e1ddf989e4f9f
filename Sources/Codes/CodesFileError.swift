/// A codes file that does not match what `quantize --codes` writes for the format: one line
/// naming the file and the value at fault.
public struct CodesFileError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
