import Formats

/// The emulated accumulators (any minifloat or wide float, FP32 toward zero) with the block sum in
/// the accumulator: each step `t = round_F(t + a b)`, sixteen outputs per vector, with the lanes
/// `LaneKernel` chooses once per GEMM (`GemmPlan+Lanes.swift`). Returns how many 16-output steps
/// and segment ends took the exact scalar path.
extension GemmPlan {
    func runEmulated<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) -> Int {
        let grid = finish.grid
        let kernel = LaneKernel(grid: grid, a: a.facts, b: b.facts, segmentLength: schedule.longest,
                                roundsFloat32Sums: finish.roundsFloat32SumsExactly(a.facts, b.facts))
        let exact = ExactSteps(finish)
        return grid.towardZero ? runLanes(kernel, TowardZeroMode.self, grid, exact, into: y)
            : runLanes(kernel, NearestEvenMode.self, grid, exact, into: y)
    }

    private func runLanes<Mode: StaticRoundingMode>(_ kernel: LaneKernel, _: Mode.Type, _ grid: AccumulatorGrid, _ exact: ExactSteps,
                                                    into y: UnsafeMutablePointer<Float>) -> Int {
        let ends = SegmentEndLanes<Mode>(grid)
        switch kernel {
        case .float(checked: false, _): return runLanes(FloatLanes<Mode, False, False>(grid), exact, segmentEnds: ends, into: y)
        case .float(checked: true, subnormal: false): return runLanes(FloatLanes<Mode, True, False>(grid), exact, segmentEnds: ends, into: y)
        case .float(checked: true, subnormal: true): return runLanes(FloatLanes<Mode, True, True>(grid), exact, segmentEnds: ends, into: y)
        case .double(checked: false): return runLanes(DoubleLanes<Mode, False>(grid), exact, segmentEnds: ends, into: y)
        case .double(checked: true): return runLanes(DoubleLanes<Mode, True>(grid), exact, segmentEnds: ends, into: y)
        }
    }
}
