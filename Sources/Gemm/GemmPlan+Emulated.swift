/// The emulated accumulators (any minifloat, FP32 toward zero) with the block sum in the
/// accumulator: each step `t = round_F(t + a b)`, for every output of a work unit at once.
///
/// Three exact paths, chosen once per GEMM:
/// - rounded float32 sums, when `fl32(t + a b)` rounds to F as `t + a b` does
///   (`AccumulatorFinish.roundsFloat32SumsExactly`: nearest-even, every product in F): `t = round_F(t + a b)`
///   computed as `F.quantize(fl32(t + fl32(a b)))`;
/// - float32 with rounding to odd, when the operands' facts prove every product `a b` an exact float32 in [2^-100, 2^100]
///   or an exact zero (`ElementFacts.productsExact`: narrow element formats): `(s, e) = TwoSum(t, a b)`
///   in float32 neither overflows nor loses its error, and gives `RO_24` directly;
/// - Double, otherwise (wide operands, extreme exponents, NaN or Inf): `a b` is exact in Double, and
///   TwoSum gives `RO_53(t + a b)`.
extension GemmPlan {
    func runEmulated<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) {
        let l = GemmPlan.lanes
        let rounded = finish.roundsFloat32SumsExactly(a.facts, b.facts)
        let float32 = a.facts.productsExact(with: b.facts)
        bPanels.withUnsafeBufferPointer { pb in
            withOptionalBuffer(aScales) { sa in
                withOptionalBuffer(bScales) { sb in
                    let panelBase = pb.baseAddress!
                    runUnits(into: y) { unit, start, end, segmentRange in
                        let panel = panelBase + unit.panel * depth * l
                        for s in segmentRange {
                            let segment = schedule.segments[s]
                            let from = max(segment.start, start), to = min(segment.end, end)
                            if rounded {
                                roundedSteps(finish, unit, panel: panel, from: from, to: to)
                            } else if float32 {
                                floatSteps(finish, unit, panel: panel, from: from, to: to)
                            } else {
                                doubleSteps(finish, unit, panel: panel, from: from, to: to)
                            }
                            guard segment.end <= end else { continue }
                            endSegment(finish, unit, segment: s, aScales: sa, bScales: sb) { Double(unit.t[$0]) }
                            unit.t.update(repeating: 0, count: unit.count)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    func roundedSteps<F: AccumulatorFinish>(_ finish: F, _ unit: Unit, panel: UnsafePointer<Float>, from: Int, to: Int) {
        let l = GemmPlan.lanes, rows = unit.rows
        for k in from ..< to {
            let b = panel + k * l
            for r in 0 ..< rows.count {
                let a = rows[r][k], t = unit.t + r * l
                for lane in 0 ..< l { t[lane] = finish.finish(rounded: t[lane] + a * b[lane]) }
            }
        }
    }

    @inline(__always)
    func floatSteps<F: AccumulatorFinish>(_ finish: F, _ unit: Unit, panel: UnsafePointer<Float>, from: Int, to: Int) {
        let l = GemmPlan.lanes, rows = unit.rows
        for k in from ..< to {
            let b = panel + k * l
            for r in 0 ..< rows.count {
                let a = rows[r][k], t = unit.t + r * l
                for lane in 0 ..< l {
                    let (s, e) = ExactArithmetic.twoSum(t[lane], a * b[lane])
                    t[lane] = finish.finish(sum: s, error: e)
                }
            }
        }
    }

    @inline(__always)
    func doubleSteps<F: AccumulatorFinish>(_ finish: F, _ unit: Unit, panel: UnsafePointer<Float>, from: Int, to: Int) {
        let l = GemmPlan.lanes, rows = unit.rows
        for k in from ..< to {
            let b = panel + k * l
            for r in 0 ..< rows.count {
                let a = rows[r][k], t = unit.t + r * l
                for lane in 0 ..< l { t[lane] = finish.finish(odd: F.oddSum(t[lane], a, b[lane])) }
            }
        }
    }
}
