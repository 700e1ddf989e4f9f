import Gemm

/// The linear layers' product through the emulated-accumulator GEMM (`Gemm.QuantizedGemm`):
/// Y = X · Wᵀ summed in `accumulator` (exact, fp32, bf16, fp16 or any `fp:eXmY`, with the accumulator
/// rounding mode and optional promotion to FP32 every `promotion` products, DeepSeek-V3 §3.3.2), then
/// `fl32(y + bias)` per output, the one rounding `FP32Product` also ends with.
///
/// The operands arrive as the layer quantized them (fake-quantized and rotated float32 values), so the
/// GEMM sees them unscaled (`QuantizedOperand` with no format: P = value, s = 1): the accumulator sums
/// the products of the dequantized elements in K order, `acc = round_F(acc + x_k w_k)`, as a kernel
/// that dequantizes its operands before the multiply-accumulate does. The block-scaled sum of OCP MX
/// §6 (products of element codes summed per block, then scaled) is `quantlab gemm`'s model, not this one.
public struct GemmProduct: MatrixProduct {
    public let gemm: QuantizedGemm

    /// Parses the accumulator spec (`Accumulator(spec:)`) and the promotion interval; throws
    /// `ModelError.badOption` naming the option.
    public init(accumulator spec: String, promotion: Int? = nil, rounding: String = "nearest-even") throws {
        do {
            gemm = try QuantizedGemm(aFormat: nil, bFormat: nil, accumulator: try Accumulator(spec: spec),
                                     accumulatorRounding: try Accumulator.rounding(named: rounding), promotion: promotion)
        } catch {
            throw ModelError.badOption("accumulator \(spec)" + (promotion.map { ", promotion \($0)" } ?? ""), reason: "\(error)")
        }
    }

    /// W as an unscaled GEMM operand (n x k).
    struct Prepared: PreparedWeights {
        let operand: QuantizedOperand
        var outputs: Int { operand.rows }
        var inputs: Int { operand.depth }
    }

    public func prepare(weights: [Float], outputs n: Int, inputs k: Int) -> any PreparedWeights {
        // Unscaled operands of the right size never fail to build.
        Prepared(operand: try! QuantizedOperand(values: weights, rows: n, depth: k, format: nil))
    }

    public func multiply(_ input: UnsafePointer<Float>, rows: Int, by weights: any PreparedWeights, bias: [Float],
                         into output: UnsafeMutablePointer<Float>, workers: Int) {
        guard let w = weights as? Prepared else { preconditionFailure("GemmProduct.multiply needs weights prepared by GemmProduct.prepare") }
        guard rows > 0 else { return }
        let n = w.outputs, k = w.inputs
        let x = try! QuantizedOperand(values: Array(UnsafeBufferPointer(start: input, count: rows * k)), rows: rows, depth: k, format: nil)
        let y = UnsafeMutableBufferPointer(start: output, count: rows * n)
        try! gemm.multiply(x, w.operand, into: y)
        for r in 0..<rows { for j in 0..<n { output[r * n + j] = output[r * n + j] + bias[j] } }
    }
}
