import Formats
import Transforms

/// `Y = A B^T` with quantized operands and an emulated accumulator: A is M x K, B is N x K (row-major
/// float32), Y is M x N float32, and K, the reduction axis, is the last axis of both operands.
///
/// Definition, for each output `y = Y[i, j]`, with F the accumulator format and `round_F` the exact
/// real rounded once to F in the accumulator rounding mode (nearest-even or toward-zero):
/// 1. Rotation (optional): both operands become `X D H` along K (`Transforms.HadamardRotation`, the
///    same seeded signs for A and B), so `(A D H)(B D H)^T = A B^T` in exact arithmetic.
/// 2. Quantization: each operand by its `TensorFormat`, groups along K, decomposed into element
///    values P and per-group scales s (`QuantizedOperand`): the value at k is `P_k s_k` exactly.
/// 3. K is cut into segments (`SegmentSchedule`): maximal runs where neither operand's scale
///    changes and no promotion falls. Unscaled operands and per-row scales give one segment.
/// 4. Summation order: segments in K order, and inside a segment k ascending, one product at a
///    time; `acc = 0`, `total = 0`. For each segment with scales `s_a`, `s_b`:
///    - block sum `accumulator` (default; OCP MX §6 `Dot` with F as its internal precision):
///      `t = 0`; for each k: `t = round_F(t + P_a,k P_b,k)` (the product and the sum exact before
///      the one rounding); then `acc = round_F(acc + s_a s_b t)`;
///    - block sum `exact` (full-precision block sum): `acc = round_F(acc + s_a s_b sum_k P_a,k P_b,k)`;
///    - with promotion every N products (DeepSeek-V3 §3.3.2), after each segment ending at a
///      multiple of N below K: `total = fl32(total + acc)`, `acc = 0`.
///    Finally `y = fl32(total + acc)`; `fl32` is float32 nearest-even (the FP32 adds of CUDA cores).
///    For unscaled operands with `accumulator`, this is exactly: for k = 0 ..< K,
///    `acc = round_F(acc + a_k b_k)`, promoted every N steps, then `y = fl32(total + acc)`.
/// 5. `exact` accumulator: `y = fl32(sum_k (P_a s_a)_k (P_b s_b)_k)` computed exactly (`ExactSum`);
///    promotion does not apply.
///
/// NaN and infinities follow IEEE 754 arithmetic on the exact values (a NaN operand or `0 x Inf`
/// gives NaN, `+Inf + -Inf` gives NaN), then F's own rule (`MiniFloat`: an IEEE F keeps Inf, an
/// `fn` F turns overflow and Inf into NaN, a finite-only F turns NaN into +0, a saturating F clamps).
///
/// Every output is computed by one task in the order above, so Y is the same bit for bit for any
/// thread count. Fast paths (fused multiply-add, float32 TwoSum, Double block sums) are used only
/// where they are provably equal to the definition; see the kernels in `GemmPlan+*.swift`.
public struct QuantizedGemm: Sendable {
    public var aFormat: (any TensorFormat)?
    public var bFormat: (any TensorFormat)?
    public var accumulator: Accumulator
    public var accumulatorRounding: RoundingMode
    /// Promotion interval N in products, or nil.
    public var promotion: Int?
    public var blockSum: BlockSum
    public var rotation: HadamardRotation?
    /// Rounding of the operand quantization (and its seed, for stochastic rounding).
    public var operandRounding: RoundingMode
    public var seed: UInt64

    /// Checks the configuration; nil formats keep an operand's float32 values.
    public init(aFormat: (any TensorFormat)?, bFormat: (any TensorFormat)?, accumulator: Accumulator = .float32,
                accumulatorRounding: RoundingMode = .nearestEven, promotion: Int? = nil, blockSum: BlockSum = .accumulator,
                rotation: HadamardRotation? = nil, operandRounding: RoundingMode = .nearestEven, seed: UInt64 = 0) throws {
        guard Accumulator.roundingModes.contains(accumulatorRounding) else {
            throw GemmError.badAccumulatorRounding(accumulatorRounding.rawValue, known: Accumulator.roundingModes.map(\.rawValue))
        }
        if let n = promotion {
            guard n >= 1 else { throw GemmError.badPromotion(n) }
            if accumulator == .exact { throw GemmError.promotionWithExact }
        }
        self.aFormat = aFormat; self.bFormat = bFormat
        self.accumulator = accumulator; self.accumulatorRounding = accumulatorRounding
        self.promotion = promotion; self.blockSum = blockSum; self.rotation = rotation
        self.operandRounding = operandRounding; self.seed = seed
    }

    /// A rotated and quantized with A's format (`rows x depth` values).
    public func operandA(_ values: [Float], rows: Int, depth: Int) throws -> QuantizedOperand {
        try QuantizedOperand(values: rotated(values, depth: depth), rows: rows, depth: depth, format: aFormat,
                             mode: operandRounding, seed: seed)
    }

    /// B rotated and quantized with B's format (`rows x depth` values).
    public func operandB(_ values: [Float], rows: Int, depth: Int) throws -> QuantizedOperand {
        try QuantizedOperand(values: rotated(values, depth: depth), rows: rows, depth: depth, format: bFormat,
                             mode: operandRounding, seed: seed)
    }

    /// `values` with the rotation applied along rows of `depth` (unchanged without one).
    public func rotated(_ values: [Float], depth: Int) throws -> [Float] {
        guard let rotation else { return values }
        var out = values
        try out.withUnsafeMutableBufferPointer { try rotation.apply($0, rowLength: depth) }
        return out
    }

    /// Writes `Y = A B^T` (M x N, row-major) for prepared operands (A: M x K, B: N x K). Prepare a
    /// fixed operand (a layer's weights) once and reuse it.
    public func multiply(_ a: QuantizedOperand, _ b: QuantizedOperand, into y: UnsafeMutableBufferPointer<Float>) throws {
        _ = try multiplyReportingKernel(a, b, into: y)
    }

    /// `multiply`, returning which kernel ran it and, for the emulated accumulators' vector lanes,
    /// how often a step was left to the exact scalar path (`GemmKernelUse`).
    public func multiplyReportingKernel(_ a: QuantizedOperand, _ b: QuantizedOperand, into y: UnsafeMutableBufferPointer<Float>) throws -> GemmKernelUse {
        guard a.depth == b.depth else { throw GemmError.depthMismatch(a: [a.rows, a.depth], b: [b.rows, b.depth]) }
        guard y.count == a.rows * b.rows, let out = y.baseAddress else {
            throw GemmError.badShape("the output buffer holds \(y.count) values, not \(a.rows) x \(b.rows)")
        }
        let plan = GemmPlan(a: a, b: b, promotion: promotion)
        switch (accumulator, blockSum) {
        case (.exact, _): plan.runExact(into: out); return GemmKernelUse(kernel: "exact sums")
        case (.float32, .accumulator) where accumulatorRounding == .nearestEven: plan.runFused(into: out); return GemmKernelUse(kernel: "fused fp32")
        case (.float32, .accumulator): return plan.runEmulated(Float32TowardZero(), into: out)
        case (.float32, .exact) where accumulatorRounding == .nearestEven:
            plan.runExactBlock(Float32Nearest(), into: out); return GemmKernelUse(kernel: "exact block sums")
        case (.float32, .exact): plan.runExactBlock(Float32TowardZero(), into: out); return GemmKernelUse(kernel: "exact block sums")
        case let (.minifloat(f), rule):
            switch (f.floatSubnormalPath, accumulatorRounding == .nearestEven) {
            case (true, true): return run(plan, rule, MiniFloatFinish<True, NearestEvenMode>(format: f), into: out)
            case (true, false): return run(plan, rule, MiniFloatFinish<True, TowardZeroMode>(format: f), into: out)
            case (false, true): return run(plan, rule, MiniFloatFinish<False, NearestEvenMode>(format: f), into: out)
            case (false, false): return run(plan, rule, MiniFloatFinish<False, TowardZeroMode>(format: f), into: out)
            }
        case let (.wide(f), rule):
            if accumulatorRounding == .nearestEven {
                return run(plan, rule, WideFloatFinish<NearestEvenMode>(format: f), into: out)
            } else {
                return run(plan, rule, WideFloatFinish<TowardZeroMode>(format: f), into: out)
            }
        }
    }

    private func run<F: AccumulatorFinish>(_ plan: GemmPlan, _ rule: BlockSum, _ finish: F, into y: UnsafeMutablePointer<Float>) -> GemmKernelUse {
        switch rule {
        case .accumulator: return plan.runEmulated(finish, into: y)
        case .exact: plan.runExactBlock(finish, into: y); return GemmKernelUse(kernel: "exact block sums")
        }
    }

    /// `Y = A B^T` for prepared operands, as a new array.
    public func multiply(_ a: QuantizedOperand, _ b: QuantizedOperand) throws -> [Float] {
        var y = [Float](repeating: 0, count: a.rows * b.rows)
        try y.withUnsafeMutableBufferPointer { try multiply(a, b, into: $0) }
        return y
    }

    /// `Y = A B^T` from float32 buffers: A is `m x depth`, B is `n x depth`, Y is `m x n`.
    public func multiply(a: [Float], rows m: Int, b: [Float], rows n: Int, depth: Int,
                         into y: UnsafeMutableBufferPointer<Float>) throws {
        try multiply(operandA(a, rows: m, depth: depth), operandB(b, rows: n, depth: depth), into: y)
    }
}
