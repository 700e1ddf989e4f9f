/// A refused `quantlab cluster` request: one line naming the option or program at fault. Every
/// check runs before anything is written or submitted.
public struct ClusterError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
