import Formats

/// The emulated accumulators (any minifloat or wide float, FP32 toward zero) with the block sum in
/// the accumulator: each step `t = round_F(t + a b)`, sixteen outputs per vector, with the lanes
/// `LaneKernel` chooses once per GEMM (`GemmPlan+Lanes.swift`).
extension GemmPlan {
    func runEmulated<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) -> GemmKernelUse {
        let grid = finish.grid
        let kernel = laneKernel(finish)
        let exact = ExactSteps(finish)
        let count = grid.towardZero ? runLanes(kernel, TowardZeroMode.self, grid, exact, into: y)
            : runLanes(kernel, NearestEvenMode.self, grid, exact, into: y)
        let tiles = (m + GemmPlan.rowsPerTile - 1) / GemmPlan.rowsPerTile
        return GemmKernelUse(kernel: kernel.description, exactSteps: count,
                             laneSteps: tiles * GemmPlan.rowsPerTile * panels * (depth + schedule.segments.count))
    }

    /// The lanes for accumulator `finish` on this plan's operands.
    func laneKernel<F: AccumulatorFinish>(_ finish: F) -> LaneKernel {
        LaneKernel(grid: finish.grid, a: a.facts, b: b.facts, segmentLength: schedule.longest,
                   roundsFloat32Sums: finish.roundsFloat32SumsExactly(a.facts, b.facts))
    }

    private func runLanes<Mode: StaticRoundingMode>(_ kernel: LaneKernel, _: Mode.Type, _ grid: AccumulatorGrid, _ exact: ExactSteps,
                                                    into y: UnsafeMutablePointer<Float>) -> Int {
        let ends = SegmentEndLanes<Mode>(grid)
        switch kernel {
        case .float(.none, _): return runLanes(FloatLanes<Mode, NoChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .float(.range, _): return runLanes(FloatLanes<Mode, RangeChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .float(.boundary, false): return runLanes(FloatLanes<Mode, BoundaryChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .float(.boundary, true): return runLanes(FloatLanes<Mode, BoundaryChecks, True>(grid), exact, segmentEnds: ends, into: y)
        case .float(.all, false): return runLanes(FloatLanes<Mode, AllChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .float(.all, true): return runLanes(FloatLanes<Mode, AllChecks, True>(grid), exact, segmentEnds: ends, into: y)
        case .double(.none, _): return runLanes(DoubleLanes<Mode, NoChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .double(.range, _): return runLanes(DoubleLanes<Mode, RangeChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .double(.boundary, false): return runLanes(DoubleLanes<Mode, BoundaryChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .double(.boundary, true): return runLanes(DoubleLanes<Mode, BoundaryChecks, True>(grid), exact, segmentEnds: ends, into: y)
        case .double(.all, false): return runLanes(DoubleLanes<Mode, AllChecks, False>(grid), exact, segmentEnds: ends, into: y)
        case .double(.all, true): return runLanes(DoubleLanes<Mode, AllChecks, True>(grid), exact, segmentEnds: ends, into: y)
        }
    }
}

/// Which kernel ran a product (`QuantizedGemm.multiplyReportingKernel`) and, for the emulated
/// accumulators' vector lanes, how many of their 16-output steps (each K position and each segment
/// end of six rows by sixteen columns, per row) were left to the exact scalar step.
public struct GemmKernelUse: Sendable, Equatable {
    /// "fused fp32", "exact sums", "exact block sums", or the lanes (`LaneKernel`), e.g.
    /// "float32 lanes" or "double lanes, checked".
    public var kernel: String
    public var exactSteps = 0
    public var laneSteps = 0

    /// `exactSteps / laneSteps` (0 without lanes).
    public var exactShare: Double { laneSteps == 0 ? 0 : Double(exactSteps) / Double(laneSteps) }
}
