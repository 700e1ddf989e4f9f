import Dispatch
import Tensors

/// One `quantlab gemm` run as a library call: checks the operand shapes, quantizes, multiplies, and
/// (optionally) measures the error on a sample of outputs against the exact references.
public struct GemmJob: Sendable {
    public var gemm: QuantizedGemm
    /// Outputs compared with the exact references (all of them when at least M N).
    public var referenceSamples: Int
    public var sampleSeed: UInt64

    public init(gemm: QuantizedGemm, referenceSamples: Int = 65536, sampleSeed: UInt64 = 0) throws {
        guard referenceSamples >= 1 else { throw GemmError.badSamples(referenceSamples) }
        self.gemm = gemm; self.referenceSamples = referenceSamples; self.sampleSeed = sampleSeed
    }

    public struct Result: Sendable {
        /// Y, M x N.
        public var y: Tensor
        public var report: GemmErrorReport?
        /// Wall-clock seconds of the quantization, the emulated GEMM and the references.
        public var quantizeSeconds: Double, multiplySeconds: Double, referenceSeconds: Double
    }

    /// Checks that A is M x K and B is N x K (`names` label them in errors).
    public static func checkShapes(_ a: Tensor, _ b: Tensor, names: (String, String) = ("A", "B")) throws {
        for (t, name) in [(a, names.0), (b, names.1)] where t.shape.count != 2 || t.count == 0 {
            throw GemmError.badShape("\(name) has shape \(t.shape.map(String.init).joined(separator: "x")); a GEMM operand must be a non-empty matrix (rows x K)")
        }
        guard a.shape[1] == b.shape[1] else { throw GemmError.depthMismatch(a: a.shape, b: b.shape) }
    }

    /// Runs the job; with `measure`, the report compares the sampled outputs with the references.
    public func run(a: Tensor, b: Tensor, measure: Bool) throws -> Result {
        try GemmJob.checkShapes(a, b)
        let (m, n, k) = (a.shape[0], b.shape[0], a.shape[1])
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { clock = now }
            return Double(now - clock) / 1e9
        }
        let qa = try gemm.operandA(a.values, rows: m, depth: k)
        let qb = try gemm.operandB(b.values, rows: n, depth: k)
        let quantizeSeconds = lap()
        let y = try gemm.multiply(qa, qb)
        let multiplySeconds = lap()
        let report = try measure ? GemmErrorReport(gemm: gemm, a: a.values, b: b.values, qa: qa, qb: qb, y: y,
                                                   samples: referenceSamples, seed: sampleSeed) : nil
        return Result(y: Tensor(shape: [m, n], values: y), report: report, quantizeSeconds: quantizeSeconds,
                      multiplySeconds: multiplySeconds, referenceSeconds: lap())
    }
}
