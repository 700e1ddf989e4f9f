/// Seeded draws for generated test inputs (spec samples, fuzzing): draw `i` of a seed is
/// `StochasticBits.bits(seed, i)`, so a seed replays the same sequence on every machine.
public struct CounterRandom: Sendable {
    public let seed: UInt64
    public private(set) var index = 0

    public init(seed: UInt64) { self.seed = seed }

    public mutating func bits() -> UInt32 {
        defer { index += 1 }
        return StochasticBits.bits(seed: seed, index: index)
    }

    /// Uniform in 0 ..< n for 1 <= n <= 2^32 (one draw; 0 when n <= 1, and the draw is still made).
    public mutating func int(_ n: Int) -> Int { Int(bits() % UInt32(clamping: Swift.max(n, 1))) }
    public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + int(range.count) }
    /// True with probability 1/n.
    public mutating func chance(_ n: Int) -> Bool { int(n) == 0 }
    public mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}
