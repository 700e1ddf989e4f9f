/// What every kernel does around its inner loop: the per-unit state, the walk over chunks, segment
/// ends, promotions and the final sum.
extension GemmPlan {
    /// A work unit's view of its state and operands: `tileCount` row tiles of `rowsPerTile` rows by
    /// one panel of `lanes` columns; output (row r of the unit, lane l) is state index `r * lanes + l`.
    struct Unit {
        /// A's rows (a zero row past M), `tileCount * rowsPerTile` of them.
        var rows: [UnsafePointer<Float>]
        /// First output row (rows past M are computed on zeros and dropped).
        var firstRow: Int
        var panel: Int
        var tileCount: Int
        /// `count` state values each: the block partial t, the accumulator and the FP32 total.
        var t: UnsafeMutablePointer<Float>
        var acc: UnsafeMutablePointer<Float>
        var total: UnsafeMutablePointer<Float>
        /// Kernel-specific state (`extraState` bytes per lane), or nil.
        var extra: UnsafeMutableRawPointer?

        var count: Int { tileCount * GemmPlan.rowsPerTile * GemmPlan.lanes }
    }

    /// Runs `body(unit, chunkStart, chunkEnd, segments)` for every unit, chunk by chunk in K order,
    /// with zeroed state, then writes `Y = fl32(total + acc)` (the final promotion).
    func runUnits(into y: UnsafeMutablePointer<Float>, extraState: Int = 0, _ body: (Unit, Int, Int, Range<Int>) -> Void) {
        runUnits(into: y, extraState: extraState, unitState: {}) { unit, _, start, end, segments in body(unit, start, end, segments) }
    }

    /// `runUnits` with a value made once per unit by `unitState` and handed to every chunk of that
    /// unit (scratch a kernel reuses across chunks instead of allocating per chunk).
    func runUnits<State>(into y: UnsafeMutablePointer<Float>, extraState: Int = 0, unitState: () -> State,
                         _ body: (Unit, inout State, Int, Int, Range<Int>) -> Void) {
        let r = GemmPlan.rowsPerTile, l = GemmPlan.lanes
        let lanesPerUnit = rowsPerUnit * l
        let zeros = [Float](repeating: 0, count: depth)
        let chunks = self.chunks, chunkSegments = self.chunkSegments
        a.elements.withUnsafeBufferPointer { pa in
            zeros.withUnsafeBufferPointer { pz in
                let base = pa.baseAddress!, zero = pz.baseAddress!
                forEachUnit { firstRow, panel in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * lanesPerUnit) { state in
                        let s = state.baseAddress!
                        s.initialize(repeating: 0, count: 3 * lanesPerUnit)
                        let extra = extraState > 0 ? UnsafeMutableRawPointer.allocate(byteCount: extraState * lanesPerUnit, alignment: 64) : nil
                        defer { extra?.deallocate() }
                        let tileCount = min(GemmPlan.tilesPerUnit, (m - firstRow + r - 1) / r)
                        let rows = (0 ..< tileCount * r).map { firstRow + $0 < m ? UnsafePointer(base + (firstRow + $0) * depth) : UnsafePointer(zero) }
                        let unit = Unit(rows: rows, firstRow: firstRow, panel: panel, tileCount: tileCount, t: s, acc: s + lanesPerUnit,
                                        total: s + 2 * lanesPerUnit, extra: extra)
                        var unitScratch = unitState()
                        for (c, chunk) in chunks.enumerated() { body(unit, &unitScratch, chunk.start, chunk.end, chunkSegments[c]) }
                        for row in 0 ..< tileCount * r where firstRow + row < m {
                            for lane in 0 ..< min(l, n - panel * l) {
                                let q = row * l + lane
                                y[(firstRow + row) * n + panel * l + lane] = unit.total[q] + unit.acc[q]
                            }
                        }
                    }
                }
            }
        }
    }

    /// `total = fl32(total + acc)`, `acc = 0` for `count` outputs: a promotion (DeepSeek-V3 §3.3.2).
    @inline(__always)
    static func promote(total: UnsafeMutablePointer<Float>, acc: UnsafeMutablePointer<Float>, count: Int) {
        for q in 0 ..< count {
            total[q] += acc[q]
            acc[q] = 0
        }
    }

    /// The scale of row `row` of A at segment `s` (1 when A is unscaled or the row is padding).
    @inline(__always)
    func aScale(_ aScales: UnsafePointer<Float>?, row: Int, segment s: Int) -> Float {
        guard let aScales, row < m else { return 1 }
        return aScales[row * schedule.segments.count + s]
    }

    /// The segment end for a unit: `acc = round_F(acc + s_a s_b t)` exactly, then a promotion when
    /// the segment asks for one. `t` holds `value(q)` for output q.
    @inline(__always)
    func endSegment<F: AccumulatorFinish>(_ finish: F, _ unit: Unit, segment s: Int, aScales: UnsafePointer<Float>?,
                                          bScales: UnsafePointer<Float>?, value: (Int) -> Double) {
        let l = GemmPlan.lanes, count = schedule.segments.count
        let sb = bScales.map { $0 + (unit.panel * count + s) * l }
        for row in 0 ..< unit.tileCount * GemmPlan.rowsPerTile {
            let sa = Double(aScale(aScales, row: unit.firstRow + row, segment: s))
            for lane in 0 ..< l {
                let q = row * l + lane
                let c = sa * Double(sb?[lane] ?? 1)
                unit.acc[q] = finish.finish(odd: F.oddSum(unit.acc[q], scale: c, value(q)))
            }
        }
        if schedule.segments[s].promotes { GemmPlan.promote(total: unit.total, acc: unit.acc, count: unit.count) }
    }
}
