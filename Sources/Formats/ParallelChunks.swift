import Dispatch

/// Runs a body over `[0, count)` in fixed-size chunks on all cores.
///
/// Chunk boundaries depend only on `count` and `grain`, never on the thread count, so any
/// per-chunk result combined in chunk order is deterministic.
public enum ParallelChunks {
    /// Elements per chunk: large enough to amortize dispatch, small enough to balance two cores.
    public static let defaultGrain = 1 << 16

    @inlinable
    public static func run(count: Int, grain: Int = defaultGrain, _ body: (_ start: Int, _ end: Int) -> Void) {
        guard count > 0 else { return }
        let chunks = (count + grain - 1) / grain
        if chunks == 1 { body(0, count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            body(c * grain, Swift.min(count, (c + 1) * grain))
        }
    }
}
