import Formats
import Tensors
import Transforms

/// One linear map of the encoder as `QuantizationScheme` defines it: Y = Q_a(X R) · Q_w(W R)ᵀ + b.
/// W (n x k) is rotated, quantized and prepared once; X is rotated and quantized on every call.
struct LinearLayer: Sendable {
    let site: String
    let weights: any PreparedWeights
    let bias: [Float]
    let activations: (any TensorFormat)?
    let rotation: HadamardRotation?
    let rounding: RoundingMode
    let seed: UInt64
    var inputs: Int { weights.inputs }
    var outputs: Int { weights.outputs }
    /// Whether `apply` transforms its input before the product.
    var transformsInput: Bool { activations != nil || rotation != nil }

    /// `parts` are the weight matrices computed from one input (q, k and v): each is rotated and
    /// quantized on its own (so a per-tensor scale stays per matrix), then they are stacked.
    /// `observe` (if any) sees W as given (the parts stacked, n x k) and as the product receives it.
    init(site: String, parts: [Tensor], bias: [Float], scheme: QuantizationScheme, siteIndex: Int, product: any MatrixProduct,
         observe: BertEncoder.WeightObserver? = nil) throws {
        let operands = scheme.operands(at: site)
        let k = parts[0].shape[1]
        try Self.check(operands.weights, site: site, operand: "weights", k: k)
        try Self.check(operands.activations, site: site, operand: "activations", k: k)
        if let rotation = scheme.rotation {
            do { _ = try rotation.rotatedLength(rowLength: k) } catch {
                throw ModelError.formatDoesNotApply(site: site, format: "hadamard", reason: "\(error)")
            }
        }
        var stacked: [Float] = []
        for part in parts {
            var w = part
            if let rotation = scheme.rotation { try rotation.apply(inPlace: &w) }
            if let format = operands.weights {
                w.values = try Self.wrap(site, format) {
                    try format.fakeQuantize(w.values, shape: w.shape, mode: scheme.rounding, seed: scheme.seed &+ UInt64(siteIndex) &* 0x9E37_79B9)
                }
            }
            stacked += w.values
        }
        if let observe {
            observe(site, parts.flatMap(\.values), stacked, stacked.count / k, k)
        }
        self.site = site
        weights = product.prepare(weights: stacked, outputs: stacked.count / k, inputs: k)
        self.bias = bias
        activations = operands.activations
        rotation = scheme.rotation
        rounding = scheme.rounding
        seed = scheme.seed &+ UInt64(siteIndex) &* 0x9E37_79B9 &+ 1
    }

    /// Y (rows x n) = Q_a(X R) · Wᵀ + b. `scratch` holds at least rows x k floats when the input is
    /// transformed; `chunk` varies the stochastic-rounding seed from one chunk of sentences to the next.
    /// `observe` (if any) sees the operand the product receives, Q_a(X R) (rows x k), under the site's name.
    func apply(_ x: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>,
               product: any MatrixProduct, chunk: Int, workers: Int, observe: BertEncoder.Observer? = nil) throws {
        var input = x
        if transformsInput {
            let count = rows * inputs
            let buffer = UnsafeMutableBufferPointer(start: scratch, count: count)
            _ = buffer.update(from: UnsafeBufferPointer(start: x, count: count))
            if let rotation { try rotation.apply(buffer, rowLength: inputs) }
            if let activations {
                try Self.wrap(site, activations) {
                    try activations.fakeQuantize(UnsafeBufferPointer(buffer), shape: [rows, inputs], into: buffer,
                                                 mode: rounding, seed: seed &+ UInt64(chunk) &* 0x1_0000_0001)
                }
            }
            input = UnsafePointer(scratch)
        }
        observe?(site, UnsafeBufferPointer(start: input, count: rows * inputs), rows, inputs)
        product.multiply(input, rows: rows, by: weights, bias: bias, into: y, workers: workers)
    }

    /// Refuses a format whose groups do not lie along the reduction axis k of a rows x k operand.
    static func check(_ format: (any TensorFormat)?, site: String, operand: String, k: Int) throws {
        guard let scaled = format as? ScaledFormat else { return }
        switch scaled.granularity {
        case let .block(size) where size > k:
            throw ModelError.formatDoesNotApply(site: site, format: scaled.name,
                                                reason: "its block of \(size) is longer than the reduction axis of the \(operand) (\(k))")
        case let .channel(axis) where axis != 0 && axis != -2:
            throw ModelError.formatDoesNotApply(site: site, format: scaled.name,
                                                reason: "per-channel scales along axis \(axis) of the \(operand) run across the reduction axis; use /ch0")
        default:
            return
        }
    }

    /// Runs a quantization, naming the site in any error it throws.
    static func wrap<R>(_ site: String, _ format: any TensorFormat, _ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as ModelError { throw error } catch {
            throw ModelError.formatDoesNotApply(site: site, format: format.name, reason: "\(error)")
        }
    }
}
