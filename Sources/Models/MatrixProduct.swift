import ModelKernels

/// The seam through which every linear layer multiplies: Y (m x n) = X (m x k) · Wᵀ + bias, where X
/// and W arrive already quantized (and rotated) by the layer. `FP32Product` is the plain FP32 path (the
/// default); `GemmProduct` runs the emulated-accumulator GEMM (`Gemm.QuantizedGemm`, any accumulator and
/// promotion interval), preparing W once as its operand and summing the products as its accumulator does.
public protocol MatrixProduct: Sendable {
    /// Takes W (n x k, row-major: one row per output feature) once per layer.
    func prepare(weights: [Float], outputs n: Int, inputs k: Int) -> any PreparedWeights
    /// Writes Y = X · Wᵀ + bias for `rows` rows of X (row-major, k per row) into `output` (n per row).
    /// `bias` holds n floats. Results must not depend on `workers`.
    func multiply(_ input: UnsafePointer<Float>, rows: Int, by weights: any PreparedWeights, bias: [Float],
                  into output: UnsafeMutablePointer<Float>, workers: Int)
}

/// A weight operand in the layout its `MatrixProduct` wants.
public protocol PreparedWeights: Sendable {
    /// n: outputs (rows of W).
    var outputs: Int { get }
    /// k: inputs (the reduction length).
    var inputs: Int { get }
}

extension PanelMatrix: PreparedWeights {
    public var outputs: Int { rows }
    public var inputs: Int { columns }
}

/// The FP32 product: `DenseProduct`'s sequential fused multiply-add per output over k, then + bias.
public struct FP32Product: MatrixProduct {
    public init() {}

    public func prepare(weights: [Float], outputs n: Int, inputs k: Int) -> any PreparedWeights {
        PanelMatrix(rows: n, columns: k, values: weights)
    }

    public func multiply(_ input: UnsafePointer<Float>, rows: Int, by weights: any PreparedWeights, bias: [Float],
                         into output: UnsafeMutablePointer<Float>, workers: Int) {
        guard let panels = weights as? PanelMatrix else {
            preconditionFailure("FP32Product.multiply needs weights prepared by FP32Product.prepare")
        }
        bias.withUnsafeBufferPointer { b in
            DenseProduct.multiply(input, rows: rows, panels, bias: b.baseAddress, into: output, workers: workers)
        }
    }
}
