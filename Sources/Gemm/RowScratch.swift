/// A unit's rows of A and its panel of B as the lanes read them: A's and B's own floats, or copies
/// converted chunk by chunk (row r of a chunk starting at K position `start` at
/// `scratch + r chunk`, the panel after the rows; both addressed by k).
final class RowScratch<L: AccumulatorLanes> {
    let scratch: UnsafeMutablePointer<L.Scalar>?
    init(capacity: Int) { scratch = capacity > 0 ? .allocate(capacity: capacity) : nil }
    deinit { scratch?.deallocate() }

    func operands(_ rows: [UnsafePointer<Float>], panel: UnsafePointer<Float>, start: Int,
                  end: Int) -> (rows: [UnsafePointer<L.Scalar>], panel: UnsafePointer<L.Scalar>) {
        func cast(_ p: UnsafePointer<Float>) -> UnsafePointer<L.Scalar> { UnsafeRawPointer(p).assumingMemoryBound(to: L.Scalar.self) }
        guard L.convertsRows, let scratch else { return (rows.map(cast), cast(panel)) }
        let chunk = GemmPlan.chunk, l = GemmPlan.lanes
        let converted = rows.indices.map { r in
            let out = scratch + r * chunk
            L.convert(rows[r] + start, count: end - start, into: out)
            return UnsafePointer(out - start)
        }
        let out = scratch + rows.count * chunk
        L.convert(panel + start * l, count: (end - start) * l, into: out)
        return (converted, UnsafePointer(out - start * l))
    }
}
