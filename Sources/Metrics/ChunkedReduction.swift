import Dispatch
import Foundation

/// Deterministic parallel work over fixed-size chunks of an index range.
///
/// The range 0..<count is cut into chunks of a fixed size that never depends on the machine; each
/// chunk is processed sequentially by one thread and its result stored in its own slot, and callers
/// combine the slots in chunk order. So every floating-point sum is formed in the same order, and
/// results are bit-identical whatever `concurrency` is (1 runs everything on the calling thread).
enum ChunkedReduction {
    /// Elements per chunk for element-wise sums.
    static let chunkSize = 1 << 16

    /// The number of worker threads used when the caller does not say: all active cores.
    static var defaultConcurrency: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body` on every chunk range of 0..<count, at most `concurrency` at once.
    static func forEach(count: Int, chunkSize: Int = chunkSize, concurrency: Int?, _ body: (Range<Int>) -> Void) {
        let chunks = (count + chunkSize - 1) / chunkSize
        let workers = min(max(concurrency ?? defaultConcurrency, 1), chunks)
        let range = { (c: Int) in (c * chunkSize)..<min((c + 1) * chunkSize, count) }
        if workers <= 1 {
            for c in 0..<chunks { body(range(c)) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for c in stride(from: worker, to: chunks, by: workers) { body(range(c)) }
        }
    }

    /// `body` of every chunk range of 0..<count, in chunk order.
    static func map<Partial>(count: Int, chunkSize: Int = chunkSize, concurrency: Int?,
                             _ body: (Range<Int>) -> Partial) -> [Partial] {
        var slots = [Partial?](repeating: nil, count: (count + chunkSize - 1) / chunkSize)
        slots.withUnsafeMutableBufferPointer { slots in
            forEach(count: count, chunkSize: chunkSize, concurrency: concurrency) { range in
                slots[range.lowerBound / chunkSize] = body(range)
            }
        }
        return slots.map { $0! }
    }
}
