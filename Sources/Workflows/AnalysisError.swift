/// A bad `quantlab analyze` argument: one line naming the value at fault.
public struct AnalysisError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
