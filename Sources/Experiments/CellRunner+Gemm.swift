import Formats
import Gemm
import Metrics
import Tensors
import Transforms

/// A matrix-product cell: `Y = A B^T` by `Gemm.QuantizedGemm` with the cell's format on the
/// operands the entry does not fix, the cell's rounding (seeded by `roundingSeed`) for the operand
/// quantization, the transform as the rotation along K of both operands, and the cell's
/// accumulator; then the error split on `samples` outputs (`GemmErrorReport`, output sample seed =
/// the sweep seed), as `quantlab gemm --report` computes it, and each operand's quantization error
/// (as a tensor cell measures it: in the rotated domain, and rotated back).
extension CellRunner {
    func runGemm(_ cell: SweepCell, _ operands: GemmOperands, _ choice: AccumulatorChoice) throws -> CellResult {
        let rotation = try cell.transform.rotation(seed: cell.seed)
        let aFormat = operands.format(operands.aFormat, cell: cell.format), bFormat = operands.format(operands.bFormat, cell: cell.format)
        let gemm = try QuantizedGemm(aFormat: aFormat?.format, bFormat: bFormat?.format, accumulator: choice.accumulator,
                                     accumulatorRounding: choice.rounding, promotion: choice.promotion, rotation: rotation,
                                     operandRounding: cell.rounding, seed: cell.roundingSeed)
        let a = try matrix(cache.loaded("gemm-a", cell.data.source, digest: cell.data.content.digest, for: cell))
        let b = try matrix(cache.loaded("gemm-b", operands.b, digest: operands.bContent.digest, for: cell))
        let k = operands.k
        let qa = try gemm.operandA(a.original.values, rows: operands.m, depth: k)
        let qb = try gemm.operandB(b.original.values, rows: operands.n, depth: k)
        let y = try gemm.multiply(qa, qb)
        let report = try GemmErrorReport(gemm: gemm, a: a.original.values, b: b.original.values, qa: qa, qb: qb, y: y,
                                         samples: operands.samples, seed: cell.seed)
        let tensors = try [("A", a, qa), ("B", b, qb)].map { name, input, q in
            try measure(name, input, q, gemm: gemm, rotation: rotation, blockSize: cell.blockSize)
        }
        let format = cell.format
        return CellResult(index: cell.index, hash: cell.hash, data: cell.data.name, source: cell.data.source.description,
                          transform: cell.transform.description, format: format.spec, family: format.descriptor.family.rawValue,
                          group: format.descriptor.group, rounding: cell.rounding.rawValue, bitsPerElement: format.format.bitsPerElement,
                          tensors: tensors, gemm: GemmMeasurement(entry: operands.entry, b: operands.b.description, accumulator: choice.description, report: report))
    }

    /// The one matrix of an operand source (checked when the spec was read).
    private func matrix(_ items: [InputCache.Prepared]) throws -> InputCache.Prepared {
        guard items.count == 1, items[0].original.shape.count == 2 else {
            throw SpecValueError(message: "an operand source holds \(items.count) tensors; a gemm operand is one matrix")
        }
        return items[0]
    }

    /// An operand's quantization error: x against `fl32(P s)` (in the rotated domain when there is
    /// a rotation, and rotated back into x's own domain).
    private func measure(_ name: String, _ input: InputCache.Prepared, _ q: QuantizedOperand, gemm: QuantizedGemm,
                         rotation: HadamardRotation?, blockSize: Int) throws -> TensorMeasurement {
        let x = input.original
        let quantized = Tensor(shape: x.shape, values: q.dequantized)
        let replaced = input.nonFiniteReplaced > 0 ? input.nonFiniteReplaced : nil
        guard let rotation else {
            let report = try QuantizationErrorReport(original: x, quantized: quantized, blockSize: blockSize, concurrency: concurrency)
            return TensorMeasurement(name: name, shape: x.shape, original: report, rotated: nil, nonFiniteReplaced: replaced)
        }
        let rotated = Tensor(shape: x.shape, values: try gemm.rotated(x.values, depth: q.depth))
        let inRotated = try QuantizationErrorReport(original: rotated, quantized: quantized, blockSize: blockSize, concurrency: concurrency)
        let back = try QuantizationErrorReport(original: x, quantized: try rotation.invert(quantized), blockSize: blockSize, concurrency: concurrency)
        return TensorMeasurement(name: name, shape: x.shape, original: back, rotated: inRotated, nonFiniteReplaced: replaced)
    }
}
