import Foundation

/// The exact scalar steps of an accumulator F, for the lanes and segment ends the vector kernels do
/// not handle: `round_F(t + a b)` and `round_F(acc + s_a s_b t)` from `RO_53` of the exact sum
/// (`AccumulatorFinish`), lane by lane.
struct ExactSteps {
    let step: (Float, Float, Float) -> Float
    let scaledSum: (Float, Double, Double) -> Float

    init<F: AccumulatorFinish>(_ finish: F) {
        step = { t, a, b in finish.finish(odd: F.oddSum(t, a, b)) }
        scaledSum = { acc, c, t in finish.finish(odd: F.oddSum(acc, scale: c, t)) }
    }

    /// Sixteen lanes of `round_F(t + a b)`.
    @inline(never)
    func row(_ t: SIMD16<Float>, a: Float, b: UnsafePointer<Float>) -> SIMD16<Float> {
        var out = t
        for lane in 0 ..< 16 { out[lane] = step(t[lane], a, b[lane]) }
        return out
    }

    /// `acc = round_F(acc + s_a s_b t)` for sixteen lanes (`sb` nil: every `s_b` is 1).
    @inline(never)
    func segmentEnd(acc: UnsafeMutablePointer<Float>, t: SIMD16<Float>, sa: Float, sb: UnsafePointer<Float>?) {
        for lane in 0 ..< 16 {
            acc[lane] = scaledSum(acc[lane], Double(sa) * Double(sb?[lane] ?? 1), Double(t[lane]))
        }
    }
}

/// A total over the work units (each adds once per chunk at most).
final class ExactStepCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.lock(); count += n; lock.unlock() }
    var total: Int { lock.lock(); defer { lock.unlock() }; return count }
}
