/// A study that cannot run: one line saying why.
struct StudyError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
