import Formats

/// A format spec string parsed once, where a sweep is read (YAML, notebook blocks, `analyze`), and
/// carried as it is to the cells, the cell runner and the reports: the text, the format it names,
/// what that format is (`FormatDescriptor`) and, per rounding mode, its behaviour fingerprint.
/// Two are equal when their spec strings are.
public struct ParsedFormat: Sendable, Equatable, CustomStringConvertible {
    /// The spec string as written.
    public let spec: String
    /// The format it names (`FormatRegistry.tensorFormat`).
    public let format: any TensorFormat
    public let descriptor: FormatDescriptor

    /// Parses `spec`; throws `FormatError` (one line naming the spec) when it names no format.
    public init(parsing spec: String) throws {
        self.spec = spec
        format = try FormatRegistry.tensorFormat(spec)
        descriptor = format.descriptor
    }

    /// The `FormatFingerprint` of the format under `rounding` (memoized per spec and mode).
    public func fingerprint(_ rounding: RoundingMode) -> String {
        FormatFingerprint.of(self, rounding: rounding)
    }

    public static func == (a: ParsedFormat, b: ParsedFormat) -> Bool { a.spec == b.spec }

    public var description: String { spec }
}
