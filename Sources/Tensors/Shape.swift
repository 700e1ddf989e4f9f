/// Element count and byte size of a shape, or nil on a negative dimension, overflow, or more than
/// `Shape.maxElements` elements.
public enum Shape {
    /// Largest element count any reader or generator will allocate (2^32 elements, 16 GiB of Float).
    public static let maxElements = 1 << 32

    public static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow, p <= maxElements else { return nil }
            n = p
        }
        return n
    }

    public static func byteCount(_ shape: [Int], elementSize: Int) -> Int? {
        guard let n = elementCount(shape) else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: elementSize)
        return overflow ? nil : bytes
    }
}
