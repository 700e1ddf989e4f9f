/// Range checks of numeric options, run before any work: a value outside the range is one clear
/// error line naming the option, the value and the range (instead of an overflow or an allocation
/// failure later).
enum ArgumentRange {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func check(_ option: String, _ value: Int, _ range: ClosedRange<Int>, _ why: String = "") throws {
        guard range.contains(value) else {
            throw Invalid("\(option) \(value) is not in \(range.lowerBound)...\(range.upperBound)" + (why.isEmpty ? "" : " (\(why))"))
        }
    }
}
