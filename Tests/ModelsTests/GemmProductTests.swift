import Formats
import Gemm
@testable import Models
import Tensors
import XCTest

/// With an accumulator, a linear layer multiplies through `QuantizedGemm`: its output equals the GEMM's
/// on the same (quantized, rotated) operands plus the bias, bit for bit. No model files needed.
final class GemmProductTests: XCTestCase {
    func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(Int(rng.next() % 20001) - 10000) / 4000 }
    }

    /// A layer with MXFP4 weights, INT8 per-token activations and a Hadamard rotation, summed in bf16
    /// with promotion every 64 products: Y == fl32(QuantizedGemm(Q_a(X R), Q_w(W R)) + b).
    func testLayerOutputEqualsQuantizedGemmBitForBit() throws {
        let k = 128, n = 40, rows = 13
        let w = Tensor(shape: [n, k], values: values(n * k, seed: 1)), x = values(rows * k, seed: 2), bias = values(n, seed: 3)
        let scheme = try QuantizationScheme(weights: "mxfp4", activations: "int8/ch0", hadamard: "32", randomSigns: 5, exceptions: [])
        for (spec, promotion) in [("bf16", 64), ("fp16", nil), ("fp:e5m7", 32), ("exact", nil), ("fp32", nil)] as [(String, Int?)] {
            let product = try GemmProduct(accumulator: spec, promotion: promotion)
            var weights: [Float] = []
            let layer = try LinearLayer(site: "layer.0.ffn_in", parts: [w], bias: bias, scheme: scheme, siteIndex: 3, product: product) { _, _, q, _, _ in
                weights = q
            }
            var operand: [Float] = []
            var y = [Float](repeating: 0, count: rows * n), scratch = [Float](repeating: 0, count: rows * k)
            try x.withUnsafeBufferPointer { xp in
                try scratch.withUnsafeMutableBufferPointer { s in
                    try y.withUnsafeMutableBufferPointer { yp in
                        try layer.apply(xp.baseAddress!, rows: rows, scratch: s.baseAddress!, into: yp.baseAddress!, product: product, chunk: 0, workers: 2,
                                        observe: { _, values, _, _ in operand = Array(values) })
                    }
                }
            }
            let gemm = try QuantizedGemm(aFormat: nil, bFormat: nil, accumulator: try Accumulator(spec: spec), promotion: promotion)
            let expected = try gemm.multiply(gemm.operandA(operand, rows: rows, depth: k), gemm.operandB(weights, rows: n, depth: k))
            XCTAssertEqual(y.map(\.bitPattern), (0..<(rows * n)).map { (expected[$0] + bias[$0 % n]).bitPattern }, spec)
            XCTAssertNotEqual(operand, x, "the input was rotated and quantized")
        }
    }

    /// A narrow accumulator changes the layer's output; the FP32 default product is untouched by it.
    func testNarrowAccumulatorChangesTheOutput() throws {
        let k = 256, n = 16, rows = 8
        let w = Tensor(shape: [n, k], values: values(n * k, seed: 4)), x = values(rows * k, seed: 5), bias = [Float](repeating: 0, count: n)
        func output(_ product: any MatrixProduct) throws -> [Float] {
            let layer = try LinearLayer(site: "layer.0.qkv", parts: [w], bias: bias, scheme: .fp32, siteIndex: 1, product: product)
            var y = [Float](repeating: 0, count: rows * n), scratch = [Float](repeating: 0, count: rows * k)
            try x.withUnsafeBufferPointer { xp in
                try scratch.withUnsafeMutableBufferPointer { s in
                    try y.withUnsafeMutableBufferPointer { yp in
                        try layer.apply(xp.baseAddress!, rows: rows, scratch: s.baseAddress!, into: yp.baseAddress!, product: product, chunk: 0, workers: 1)
                    }
                }
            }
            return y
        }
        let fp32 = try output(FP32Product())
        XCTAssertEqual(try output(GemmProduct(accumulator: "fp32")), fp32, "fp32 accumulation with one FMA per step is the FP32 product")
        XCTAssertNotEqual(try output(GemmProduct(accumulator: "fp:e5m4")), fp32)
    }

    func testBadAccumulatorNamesTheOption() {
        XCTAssertThrowsError(try GemmProduct(accumulator: "int8")) { XCTAssertTrue("\($0)".hasPrefix("bad option 'accumulator int8'"), "\($0)") }
        XCTAssertThrowsError(try GemmProduct(accumulator: "exact", promotion: 4)) { XCTAssertTrue("\($0)".contains("accumulator exact, promotion 4"), "\($0)") }
    }
}
