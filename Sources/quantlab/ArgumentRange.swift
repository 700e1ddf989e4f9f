import ArgumentParser

/// Range checks of numeric options, run before any work: a value outside the range is one clear
/// error naming the option, the value and the range (instead of an overflow or an allocation
/// failure later).
enum ArgumentRange {
    static func check(_ option: String, _ value: Int, _ range: ClosedRange<Int>, _ why: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) \(value) is not in \(range.lowerBound)...\(range.upperBound)" + (why.isEmpty ? "" : ": " + why))
        }
    }
}
