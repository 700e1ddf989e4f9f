import Dispatch
import Formats

/// The GEMM configurations `quantlab bench-gemm` times: the emulated multiply alone (operands
/// quantized beforehand), best of several runs. Speed is shown by that command, never by a test.
public enum GemmBenchmark {
    public struct Case: Sendable {
        public var name: String
        public var aFormat: String?, bFormat: String?
        public var accumulator: String
        public var rounding: RoundingMode = .nearestEven
        public var promotion: Int? = nil
        public var blockSum: BlockSum = .accumulator
    }

    public static let cases: [Case] = [
        Case(name: "fp32, float32 operands", aFormat: nil, bFormat: nil, accumulator: "fp32"),
        Case(name: "fp32, mxfp8_e4m3", aFormat: "mxfp8_e4m3", bFormat: "mxfp8_e4m3", accumulator: "fp32"),
        Case(name: "fp32, nvfp4", aFormat: "nvfp4", bFormat: "nvfp4", accumulator: "fp32"),
        Case(name: "fp32 toward-zero, mxfp8_e4m3", aFormat: "mxfp8_e4m3", bFormat: "mxfp8_e4m3", accumulator: "fp32", rounding: .towardZero),
        Case(name: "bf16, mxfp8_e4m3", aFormat: "mxfp8_e4m3", bFormat: "mxfp8_e4m3", accumulator: "bf16"),
        Case(name: "fp16, mxint8", aFormat: "mxint8", bFormat: "mxint8", accumulator: "fp16"),
        Case(name: "fp:e8m10 toward-zero, promote 128, float8_e4m3fn", aFormat: "float8_e4m3fn", bFormat: "float8_e4m3fn",
             accumulator: "fp:e8m10", rounding: .towardZero, promotion: 128),
        Case(name: "bf16, float32 operands", aFormat: nil, bFormat: nil, accumulator: "bf16"),
        Case(name: "fp:e8m13, mxfp8_e4m3", aFormat: "mxfp8_e4m3", bFormat: "mxfp8_e4m3", accumulator: "fp:e8m13"),
        Case(name: "fp:e8m13, float32 operands", aFormat: nil, bFormat: nil, accumulator: "fp:e8m13"),
        Case(name: "fp32 exact block sum, mxfp8_e4m3", aFormat: "mxfp8_e4m3", bFormat: "mxfp8_e4m3", accumulator: "fp32", blockSum: .exact),
    ]

    /// A deterministic operand (the `Throughput` test signal).
    public static func operand(rows: Int, depth: Int, seed: UInt64) -> [Float] {
        Throughput.signal(count: rows * depth, seed: seed)
    }

    /// Best wall-clock seconds of the emulated multiply over `repeats` runs (after one warm-up).
    public static func seconds(_ c: Case, m: Int, n: Int, k: Int, repeats: Int) throws -> Double {
        try timing(c, m: m, n: n, k: k, repeats: repeats).seconds
    }

    /// Best wall-clock seconds of the emulated multiply over `repeats` runs (after one warm-up),
    /// and the kernel that ran it.
    public static func timing(_ c: Case, m: Int, n: Int, k: Int, repeats: Int) throws -> (seconds: Double, kernel: GemmKernelUse) {
        let gemm = try QuantizedGemm(aFormat: c.aFormat.map(FormatRegistry.tensorFormat), bFormat: c.bFormat.map(FormatRegistry.tensorFormat),
                                     accumulator: Accumulator(spec: c.accumulator), accumulatorRounding: c.rounding,
                                     promotion: c.promotion, blockSum: c.blockSum)
        let a = try gemm.operandA(operand(rows: m, depth: k, seed: 1), rows: m, depth: k)
        let b = try gemm.operandB(operand(rows: n, depth: k, seed: 2), rows: n, depth: k)
        var y = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        var use = GemmKernelUse(kernel: "")
        try y.withUnsafeMutableBufferPointer { out in
            for run in 0 ... repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                use = try gemm.multiplyReportingKernel(a, b, into: out)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if run > 0 { best = min(best, seconds) }
            }
        }
        return (best, use)
    }

    /// Best seconds of the error report's exact references on `samples` outputs.
    public static func referenceSeconds(m: Int, n: Int, k: Int, samples: Int, repeats: Int) throws -> Double {
        let gemm = try QuantizedGemm(aFormat: FormatRegistry.tensorFormat("mxfp8_e4m3"), bFormat: FormatRegistry.tensorFormat("mxfp8_e4m3"))
        let av = operand(rows: m, depth: k, seed: 1), bv = operand(rows: n, depth: k, seed: 2)
        let a = try gemm.operandA(av, rows: m, depth: k), b = try gemm.operandB(bv, rows: n, depth: k)
        let y = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        for _ in 0 ..< max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try GemmErrorReport(gemm: gemm, a: av, b: bv, qa: a, qb: b, y: y, samples: samples)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
