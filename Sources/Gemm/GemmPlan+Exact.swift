import Dispatch

/// The `exact` accumulator: every output is the exact dot product (`ExactDot`) rounded once to
/// float32, nearest-even. One `ExactSum` per task, outputs row by row on all cores.
extension GemmPlan {
    func runExact(into y: UnsafeMutablePointer<Float>) {
        let rowsPerTask = max(1, 4096 / max(n, 1))
        let tasks = (m + rowsPerTask - 1) / rowsPerTask
        DispatchQueue.concurrentPerform(iterations: tasks) { task in
            var sum = ExactSum()
            for i in task * rowsPerTask ..< min(m, (task + 1) * rowsPerTask) {
                for j in 0 ..< n { y[i * n + j] = Float(ExactDot.odd(a, row: i, b, row: j, sum: &sum)) }
            }
        }
    }
}
