import Dispatch
import Foundation

/// Runs independent tasks 0 ..< count on `workers` threads: worker w takes tasks w, w + workers, ...
/// Tasks never share outputs and each computes the same thing whichever worker runs it, so results
/// are bit-identical for every worker count (1 runs everything on the calling thread).
public enum ParallelTasks {
    /// All cores of this machine.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    @inlinable
    public static func run(count: Int, workers: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let width = max(1, min(workers, count))
        if width == 1 {
            for task in 0..<count { body(task) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: width) { worker in
            var task = worker
            while task < count {
                body(task)
                task += width
            }
        }
    }
}
