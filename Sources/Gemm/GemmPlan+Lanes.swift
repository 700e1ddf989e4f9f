/// The emulated-accumulator kernel (block sum in the accumulator): six rows by sixteen lanes of the
/// partial sums t stay in vector registers, and each K position is one `AccumulatorLanes.step` per
/// row (a fused multiply-add and a lean rounding to F). The order along K of every output is the
/// definition's; outputs are independent lanes.
///
/// A step the lanes flag (checked lanes only) ends the register loop at that (k, row); that row and
/// the later rows of the same k are then stepped by `AccumulatorLanes.settle` where it can, else by
/// the exact scalar step (`ExactSteps`, the definition for any values), and the loop resumes at
/// k + 1. Segment ends use `SegmentEndLanes` where it applies, else the exact scalar segment end.
/// `runLanes` returns how many 16-output steps and segment ends took the exact scalar path.
extension GemmPlan {
    /// Six rows of lane values, held in registers by the kernel.
    struct SixRows<V> {
        var r0, r1, r2, r3, r4, r5: V
        init(repeating v: V) { (r0, r1, r2, r3, r4, r5) = (v, v, v, v, v, v) }
        subscript(i: Int) -> V {
            @inline(__always) get {
                switch i {
                case 0: return r0
                case 1: return r1
                case 2: return r2
                case 3: return r3
                case 4: return r4
                default: return r5
                }
            }
            @inline(__always) set {
                switch i {
                case 0: r0 = newValue
                case 1: r1 = newValue
                case 2: r2 = newValue
                case 3: r3 = newValue
                case 4: r4 = newValue
                default: r5 = newValue
                }
            }
        }
    }

    func runLanes<L: AccumulatorLanes>(_ lanes: L, _ exact: ExactSteps, segmentEnds: SegmentEndLanes<L.Mode>,
                                       into y: UnsafeMutablePointer<Float>) -> Int {
        let l = GemmPlan.lanes
        let counter = ExactStepCounter()
        let capacity = L.convertsRows ? (rowsPerUnit + l) * GemmPlan.chunk : 0
        bPanels.withUnsafeBufferPointer { pb in
            withOptionalBuffer(aScales) { sa in
                withOptionalBuffer(bScales) { sb in
                    let panelBase = pb.baseAddress!
                    runUnits(into: y, unitState: { RowScratch<L>(capacity: capacity) }) { unit, scratch, start, end, segmentRange in
                        let panel = panelBase + unit.panel * depth * l
                        let operands = scratch.operands(unit.rows, panel: panel, start: start, end: end)
                        var count = 0
                        for i in 0 ..< unit.tileCount {
                            let r = GemmPlan.rowsPerTile, offset = i * r * l
                            let tile = Tile(rows: unit.rows, rowBase: i * r, firstRow: unit.firstRow + i * r, panel: unit.panel,
                                            t: unit.t + offset, acc: unit.acc + offset, total: unit.total + offset)
                            count += laneTile(lanes, exact, segmentEnds, tile, rows: operands.rows, panel: panel, lanePanel: operands.panel,
                                              start: start, end: end, segments: segmentRange, aScales: sa, bScales: sb)
                        }
                        if count > 0 { counter.add(count) }
                    }
                }
            }
        }
        return counter.total
    }

    @inline(__always)
    func laneTile<L: AccumulatorLanes>(_ lanes: L, _ exact: ExactSteps, _ segmentEnds: SegmentEndLanes<L.Mode>, _ tile: Tile,
                                       rows scalarRows: [UnsafePointer<L.Scalar>], panel: UnsafePointer<Float>, lanePanel: UnsafePointer<L.Scalar>,
                                       start: Int, end: Int, segments range: Range<Int>, aScales: UnsafePointer<Float>?,
                                       bScales: UnsafePointer<Float>?) -> Int {
        let l = GemmPlan.lanes
        let b0 = tile.rowBase
        let floats = SixRows<UnsafePointer<Float>>(tile.rows[b0], tile.rows[b0 + 1], tile.rows[b0 + 2], tile.rows[b0 + 3],
                                                   tile.rows[b0 + 4], tile.rows[b0 + 5])
        let rows = SixRows<UnsafePointer<L.Scalar>>(scalarRows[b0], scalarRows[b0 + 1], scalarRows[b0 + 2], scalarRows[b0 + 3],
                                                    scalarRows[b0 + 4], scalarRows[b0 + 5])
        var t = SixRows(repeating: L.zero)
        for r in 0 ..< 6 { t[r] = lanes.load(tile.t + r * l) }
        var exactCount = 0
        for s in range {
            let segment = schedule.segments[s]
            var k = max(segment.start, start)
            let to = min(segment.end, end)
            while k < to {
                guard let (flagged, row) = laneSteps(lanes, &t, rows, panel: lanePanel, from: k, to: to) else { break }
                let b = lanes.column(lanePanel + flagged * l)
                for r in row ..< 6 {
                    if let settled = lanes.settle(t[r], rows[r][flagged], b) {
                        t[r] = settled
                    } else {
                        t[r] = lanes.value(exact.row(lanes.floats(t[r]), a: floats[r][flagged], b: panel + flagged * l))
                        exactCount += 1
                    }
                }
                k = flagged + 1
            }
            guard segment.end <= end else { continue }
            let sbPointer = bScales.map { $0 + (tile.panel * schedule.segments.count + s) * l }
            for r in 0 ..< 6 {
                let sa = aScale(aScales, row: tile.firstRow + r, segment: s)
                if !segmentEnds.end(acc: tile.acc + r * l, t: lanes.floats(t[r]), sa: sa, sb: sbPointer) {
                    exact.segmentEnd(acc: tile.acc + r * l, t: lanes.floats(t[r]), sa: sa, sb: sbPointer)
                    exactCount += 1
                }
            }
            t = SixRows(repeating: L.zero)
            if segment.promotes { GemmPlan.promote(total: tile.total, acc: tile.acc, count: 6 * l) }
        }
        for r in 0 ..< 6 { lanes.store(t[r], to: tile.t + r * l) }
        return exactCount
    }

    /// `t = step(t, a_k, b_k)` for k in `from ..< to`, rows 0 to 5 at each k; nil when done, else
    /// the first flagged (k, row), with the rows before it stepped at k and it and the later ones not.
    @inline(__always)
    func laneSteps<L: AccumulatorLanes>(_ lanes: L, _ t: inout SixRows<L.Value>, _ rows: SixRows<UnsafePointer<L.Scalar>>,
                                        panel: UnsafePointer<L.Scalar>, from: Int, to: Int) -> (Int, Int)? {
        let l = GemmPlan.lanes
        var (t0, t1, t2, t3, t4, t5) = (t.r0, t.r1, t.r2, t.r3, t.r4, t.r5)
        defer { (t.r0, t.r1, t.r2, t.r3, t.r4, t.r5) = (t0, t1, t2, t3, t4, t5) }
        var pb = panel + from * l
        for k in from ..< to {
            let b = lanes.column(pb)
            var (v, bad) = lanes.step(t0, rows.r0[k], b)
            if bad { return (k, 0) }
            t0 = v
            (v, bad) = lanes.step(t1, rows.r1[k], b)
            if bad { return (k, 1) }
            t1 = v
            (v, bad) = lanes.step(t2, rows.r2[k], b)
            if bad { return (k, 2) }
            t2 = v
            (v, bad) = lanes.step(t3, rows.r3[k], b)
            if bad { return (k, 3) }
            t3 = v
            (v, bad) = lanes.step(t4, rows.r4[k], b)
            if bad { return (k, 4) }
            t4 = v
            (v, bad) = lanes.step(t5, rows.r5[k], b)
            if bad { return (k, 5) }
            t5 = v
            pb += l
        }
        return nil
    }
}

extension GemmPlan.SixRows {
    init(_ a: V, _ b: V, _ c: V, _ d: V, _ e: V, _ f: V) { (r0, r1, r2, r3, r4, r5) = (a, b, c, d, e, f) }
}
