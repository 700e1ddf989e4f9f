/// A value in a sweep spec that does not parse (a transform, metric, chart or data name); the
/// spec reader wraps it into `SweepError.spec` with the file, line and key.
public struct SpecValueError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
