/// A one-line notebook error.
public struct NotebookError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
