/// The emulated accumulators (any minifloat, FP32 toward zero) with the block sum in the
/// accumulator: each step `t = round_F(t + a b)`, for the six rows by 16 lanes of a tile at once.
///
/// Two exact paths, chosen once per GEMM:
/// - float32, when the operands' facts prove every product `a b` an exact float32 in [2^-100, 2^100]
///   or an exact zero (`ElementFacts.productsExact`: narrow element formats): `(s, e) = TwoSum(t, a b)`
///   in float32 neither overflows nor loses its error, and gives `RO_24` directly;
/// - Double, otherwise (wide operands, extreme exponents, NaN or Inf): `a b` is exact in Double, and
///   TwoSum gives `RO_53(t + a b)`.
/// Each step prepares all 96 lanes, then completes their rounding in one vectorized batch.
extension GemmPlan {
    func runEmulated<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) {
        let l = GemmPlan.lanes
        let float32 = a.facts.productsExact(with: b.facts)
        bPanels.withUnsafeBufferPointer { pb in
            withOptionalBuffer(aScales) { sa in
                withOptionalBuffer(bScales) { sb in
                    let panelBase = pb.baseAddress!
                    runUnits(into: y) { tile, _, start, end, segmentRange in
                        let panel = panelBase + tile.panel * depth * l
                        for s in segmentRange {
                            let segment = schedule.segments[s]
                            let from = max(segment.start, start), to = min(segment.end, end)
                            if float32 {
                                floatSteps(finish, tile, panel: panel, from: from, to: to)
                            } else {
                                doubleSteps(finish, tile, panel: panel, from: from, to: to)
                            }
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
    func floatSteps<F: AccumulatorFinish>(_ finish: F, _ tile: Tile, panel: UnsafePointer<Float>, from: Int, to: Int) {
        let l = GemmPlan.lanes, rows = tile.rows
        for k in from ..< to {
            let b = panel + k * l
            for r in 0 ..< GemmPlan.rowsPerTile {
                let a = rows[r][k], t = tile.t + r * l
                for lane in 0 ..< l {
                    let (s, e) = ExactArithmetic.twoSum(t[lane], a * b[lane])
                    t[lane] = finish.prepare(sum: s, error: e)
                }
            }
            finish.complete(tile.t, count: GemmPlan.rowsPerTile * l)
        }
    }

    @inline(__always)
    func doubleSteps<F: AccumulatorFinish>(_ finish: F, _ tile: Tile, panel: UnsafePointer<Float>, from: Int, to: Int) {
        let l = GemmPlan.lanes, rows = tile.rows
        for k in from ..< to {
            let b = panel + k * l
            for r in 0 ..< GemmPlan.rowsPerTile {
                let a = rows[r][k], t = tile.t + r * l
                for lane in 0 ..< l { t[lane] = finish.prepare(odd: F.oddSum(t[lane], a, b[lane])) }
            }
            finish.complete(tile.t, count: GemmPlan.rowsPerTile * l)
        }
    }
}
