/// Kernel and nonzero counts of each line (row or column) of a matrix, stored in the narrowest
/// unsigned integer that holds the line length (UInt8, UInt16 or UInt32: a tensor has at most 2^32
/// elements), so that the per-column counts of a 1-D tensor (one column per element) take 2 bytes
/// per element instead of 16, and the shares are never materialized.
public struct LineCounts: Sendable, Equatable {
    enum Storage: Sendable, Equatable {
        case u8([UInt8], [UInt8])
        case u16([UInt16], [UInt16])
        case u32([UInt32], [UInt32])
    }

    var storage: Storage

    /// `count` lines of at most `length` elements each, every count zero.
    init(count: Int, length: Int) {
        if length <= Int(UInt8.max) {
            storage = .u8([UInt8](repeating: 0, count: count), [UInt8](repeating: 0, count: count))
        } else if length <= Int(UInt16.max) {
            storage = .u16([UInt16](repeating: 0, count: count), [UInt16](repeating: 0, count: count))
        } else {
            storage = .u32([UInt32](repeating: 0, count: count), [UInt32](repeating: 0, count: count))
        }
    }

    /// Adds to the counts through a `Counter` given to `fill` (a line's total stays at most its length).
    mutating func update(_ fill: (Counter) -> Void) {
        func add<T: FixedWidthInteger & UnsignedInteger>(_ kernel: inout [T], _ nonzero: inout [T]) {
            kernel.withUnsafeMutableBufferPointer { kernel in
                nonzero.withUnsafeMutableBufferPointer { nonzero in
                    let (k, z) = (kernel, nonzero)
                    fill(Counter(add: { i, a, b in
                        k[i] &+= T(truncatingIfNeeded: a); z[i] &+= T(truncatingIfNeeded: b)
                    }))
                }
            }
        }
        switch storage {
        case var .u8(k, z): storage = .u8([], []); add(&k, &z); storage = .u8(k, z)
        case var .u16(k, z): storage = .u16([], []); add(&k, &z); storage = .u16(k, z)
        case var .u32(k, z): storage = .u32([], []); add(&k, &z); storage = .u32(k, z)
        }
    }

    /// Adds to the counts of line i: `add(i, kernel, nonzero)`. Callers touch disjoint lines from
    /// different threads.
    struct Counter {
        let add: (Int, Int, Int) -> Void
    }

    public var count: Int {
        switch storage {
        case let .u8(k, _): return k.count
        case let .u16(k, _): return k.count
        case let .u32(k, _): return k.count
        }
    }

    /// Kernel and nonzero count of line `i`.
    public subscript(i: Int) -> (kernel: Int, nonzero: Int) {
        switch storage {
        case let .u8(k, z): return (Int(k[i]), Int(z[i]))
        case let .u16(k, z): return (Int(k[i]), Int(z[i]))
        case let .u32(k, z): return (Int(k[i]), Int(z[i]))
        }
    }

    /// The share of each line (NaN where the line has no nonzero element).
    public var shares: [Double] { (0 ..< count).map { Measures.share(self[$0].kernel, of: self[$0].nonzero) } }

    /// `SummaryStatistics(shares)`, bit for bit (the mean summed in line order), from the distinct
    /// share values and their multiplicities: memory grows with the number of distinct (kernel,
    /// nonzero) pairs, not with the number of lines.
    public var summary: SummaryStatistics? {
        var multiplicity: [UInt64: Int] = [:]
        var sum = 0.0
        for i in 0 ..< count {
            let (k, z) = self[i]
            guard z > 0 else { continue }
            let share = Measures.share(k, of: z)
            sum += share
            multiplicity[share.bitPattern, default: 0] += 1
        }
        let distinct = multiplicity.keys.map(Double.init(bitPattern:)).sorted()
        return SummaryStatistics(sortedDistinct: distinct, multiplicities: distinct.map { multiplicity[$0.bitPattern]! }, sum: sum)
    }
}
