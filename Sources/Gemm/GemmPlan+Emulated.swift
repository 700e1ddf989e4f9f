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
                                steps(RoundedSum(finish: finish), unit, panel: panel, from: from, to: to)
                            } else if float32 {
                                steps(OddFloatSum(finish: finish), unit, panel: panel, from: from, to: to)
                            } else {
                                steps(OddDoubleSum(finish: finish), unit, panel: panel, from: from, to: to)
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

    /// `t = step(t, a_k, b_k)` for k in `from ..< to`, every row and lane of the unit (k outermost:
    /// the rows are independent chains the processor overlaps).
    @inline(__always)
    func steps<S: AccumulationStep>(_ step: S, _ unit: Unit, panel: UnsafePointer<Float>, from: Int, to: Int) {
        let l = GemmPlan.lanes, rows = unit.rows
        for k in from ..< to {
            let b = panel + k * l
            for r in 0 ..< rows.count {
                let a = rows[r][k], t = unit.t + r * l
                for lane in 0 ..< l { t[lane] = step(t[lane], a, b[lane]) }
            }
        }
    }
}

/// One accumulator step `t = round_F(t + a b)`, as a type so each kernel loop is specialized for it
/// (a closure here stops LLVM from vectorizing some of them).
protocol AccumulationStep {
    func callAsFunction(_ t: Float, _ a: Float, _ b: Float) -> Float
}

/// `round_F(fl32(t + fl32(a b)))`: exact where `roundsFloat32SumsExactly` holds.
struct RoundedSum<F: AccumulatorFinish>: AccumulationStep {
    let finish: F
    @inline(__always) func callAsFunction(_ t: Float, _ a: Float, _ b: Float) -> Float { finish.finish(rounded: t + a * b) }
}

/// Float32 TwoSum and rounding to odd: exact where `productsExact` holds.
struct OddFloatSum<F: AccumulatorFinish>: AccumulationStep {
    let finish: F
    @inline(__always) func callAsFunction(_ t: Float, _ a: Float, _ b: Float) -> Float {
        let (s, e) = ExactArithmetic.twoSum(t, a * b)
        return finish.finish(sum: s, error: e)
    }
}

/// Double TwoSum and rounding to odd: exact for any floats.
struct OddDoubleSum<F: AccumulatorFinish>: AccumulationStep {
    let finish: F
    @inline(__always) func callAsFunction(_ t: Float, _ a: Float, _ b: Float) -> Float { finish.finish(odd: F.oddSum(t, a, b)) }
}
