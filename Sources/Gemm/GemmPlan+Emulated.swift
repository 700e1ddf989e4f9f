import Formats

/// The emulated accumulators (any minifloat, FP32 toward zero) with the block sum in the
/// accumulator: each step `t = round_F(t + a b)`, vectorized over the 16 lanes of a tile row.
///
/// Fast step: `p = fl32(a b)`, `(s, e) = TwoSum(t, p)`, `t = F.finish(s, e)`: exact when p is exactly
/// `a b` and in [2^-100, 2^100] (or an exact zero), since then the float32 TwoSum neither overflows
/// nor loses its error (see `ElementFacts.productsExact`). When the operands' facts do not prove
/// that for every pair, each step also checks it per lane (`fma(a, b, -p) == 0` and the range) and
/// recomputes the failing lanes exactly in Double (`AccumulatorFinish.accumulate`).
extension GemmPlan {
    func runEmulated<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) {
        if a.facts.productsExact(with: b.facts) {
            runEmulated(finish, checked: False.self, into: y)
        } else {
            runEmulated(finish, checked: True.self, into: y)
        }
    }

    func runEmulated<F: AccumulatorFinish, Checked: StaticFlag>(_ finish: F, checked: Checked.Type, into y: UnsafeMutablePointer<Float>) {
        let l = GemmPlan.lanes
        bPanels.withUnsafeBufferPointer { pb in
            withOptionalBuffer(aScales) { sa in
                withOptionalBuffer(bScales) { sb in
                    let panelBase = pb.baseAddress!
                    runUnits(into: y) { tile, _, start, end, segmentRange in
                        let panel = panelBase + tile.panel * depth * l
                        for s in segmentRange {
                            let segment = schedule.segments[s]
                            let from = max(segment.start, start), to = min(segment.end, end)
                            emulatedSteps(finish, checked: Checked.self, tile, panel: panel, from: from, to: to)
                            guard segment.end <= end else { continue }
                            endSegment(finish, tile, segment: s, aScales: sa, bScales: sb) { Double(tile.t[$0]) }
                            tile.t.update(repeating: 0, count: GemmPlan.rowsPerTile * l)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    func emulatedSteps<F: AccumulatorFinish, Checked: StaticFlag>(_ finish: F, checked: Checked.Type, _ tile: Tile,
                                                                   panel: UnsafePointer<Float>, from: Int, to: Int) {
        let l = GemmPlan.lanes
        withUnsafeTemporaryAllocation(of: Float.self, capacity: l) { scratch in
            let next = scratch.baseAddress!
            for r in 0 ..< GemmPlan.rowsPerTile {
                let row = tile.rows[r], t = tile.t + r * l
                var pb = panel + from * l
                for k in from ..< to {
                    let a = row[k]
                    if Checked.value {
                        var failed: UInt32 = 0
                        for lane in 0 ..< l {
                            let b = pb[lane], p = a * b
                            let (s, e) = ExactArithmetic.twoSum(t[lane], p)
                            next[lane] = finish.finish(sum: s, error: e)
                            failed |= GemmPlan.isExactProduct(a, b, p) ? 0 : 1
                        }
                        if failed != 0 {
                            for lane in 0 ..< l where !GemmPlan.isExactProduct(a, pb[lane], a * pb[lane]) {
                                next[lane] = finish.accumulate(t[lane], a, pb[lane])
                            }
                        }
                        t.update(from: next, count: l)
                    } else {
                        for lane in 0 ..< l {
                            let (s, e) = ExactArithmetic.twoSum(t[lane], a * pb[lane])
                            t[lane] = finish.finish(sum: s, error: e)
                        }
                    }
                    pb += l
                }
            }
        }
    }

    /// `p = fl32(a b)` is exactly `a b`, and lies in [2^-100, 2^100] or is an exact zero.
    @inline(__always)
    static func isExactProduct(_ a: Float, _ b: Float, _ p: Float) -> Bool {
        let m = p.magnitude
        return (-p).addingProduct(a, b) == 0 && ((m >= 0x1p-100 && m <= 0x1p100) || a == 0 || b == 0) && p.isFinite
    }
}
