import Experiments
import Formats
import Foundation
import Metrics
import Models
import Transforms

/// Computes the cells of one `model:` entry: loads the model and the corpus's first `sentences`
/// lines, runs the FP32 reference once, then per cell builds the quantized encoder (the cell's formats,
/// the transform as the scheme's rotation, the entry's exceptions, and `GemmProduct` when the entry
/// names an accumulator) and compares it with the reference (`ModelComparison`). All sentences run as
/// one chunk, so every activation scale and every per-site measurement covers the whole selection.
///
/// Per-site measurements (`CellResult.tensors`), for every layer i and site s:
/// `layer.{i}.{s}.weights`: W (q, k and v stacked at qkv) against Q_w(W R); `layer.{i}.{s}.activations`:
/// the input X that reaches the site in the quantized model against Q_a(X R), over all tokens. As in a
/// tensor cell, `rotated` compares X R with Q(X R) (the format's domain) and `original` compares X with
/// Q(X R) Rᵀ; without a transform only `original` is set.
struct ModelCellRun {
    let entry: ModelDataSpec
    let embedder: SentenceEmbedder
    let sentences: [String]
    let reference: ModelComparison.Reference
    let concurrency: Int?
    /// Weight measurements by (transform, weight format, rounding): they do not depend on the activations.
    let weightMeasurements = WeightMeasurements()

    final class WeightMeasurements {
        var byKey: [String: [String: TensorMeasurement]] = [:]
    }

    init(entry: ModelDataSpec, cache: ModelCache, concurrency: Int?) throws {
        let now = try ModelDataSpec.corpusFiles(entry.corpus)
        guard now.digest == entry.corpusDigest else {
            throw SweepError.io(path: entry.corpus, reason: "changed after the sweep read it; run the sweep again")
        }
        var embedder = try SentenceEmbedder(manifest: try ModelManifest.named(entry.model.name), cache: cache)
        embedder.chunkTokens = 1 << 40
        if let concurrency { embedder.workers = max(concurrency, 1) }
        self.entry = entry
        self.embedder = embedder
        sentences = Array(try entry.corpusFiles.flatMap(TextLines.read).prefix(entry.sentences))
        reference = try ModelComparison.Reference(embedder, sentences: sentences, reference: try embedder.encoder())
        self.concurrency = concurrency
    }

    func measure(_ cell: ModelCell) throws -> CellResult {
        let rotation = try cell.transform.rotation(seed: cell.seed)
        let scheme = QuantizationScheme(operands: .init(weights: cell.weights?.format, activations: cell.activations?.format), rotation: rotation,
                                        exceptions: try entry.exceptions.map(QuantizationScheme.exception), rounding: cell.rounding, seed: cell.seed)
        let product: any MatrixProduct = try entry.accumulator.map { try GemmProduct(accumulator: $0, promotion: entry.promotion) } ?? FP32Product()
        let weightKey = "\(cell.transform)|\(ModelDataSpec.spec(cell.weights))|\(cell.rounding.rawValue)"
        var measured = weightMeasurements.byKey[weightKey] ?? [:]
        let weightsKnown = !measured.isEmpty
        var failure: Error?
        func record(_ name: String, _ x: [Float], _ q: [Float], _ rows: Int, _ k: Int) {
            guard failure == nil else { return }
            do { measured[name] = try Self.measurement(name, original: x, operand: q, rows: rows, columns: k, rotation: rotation,
                                                        blockSize: cell.blockSize, concurrency: concurrency) } catch { failure = error }
        }
        let encoder = try BertEncoder(weights: embedder.weights, scheme: scheme, product: product) { site, original, operand, n, k in
            if !weightsKnown { record("\(site).weights", original, operand, n, k) }
        }
        if !weightsKnown && failure == nil { weightMeasurements.byKey[weightKey] = measured }
        var inputs: [String: [Float]] = [:]
        let sites = Set((0..<embedder.config.layers).flatMap { i in LinearSite.allCases.map { $0.name(layer: i) } })
        let comparison = try ModelComparison(embedder, sentences: sentences, reference: reference, other: encoder, observe: { name, values, _, _ in
            if sites.contains(name) { inputs[name] = Array(values) }
        }, observeOperands: { site, values, rows, k in
            record("\(site).activations", inputs.removeValue(forKey: site) ?? [], Array(values), rows, k)
        })
        if let failure { throw failure }
        let names = (0..<embedder.config.layers).flatMap { i in
            LinearSite.allCases.flatMap { s in ModelOperand.allCases.map { "\(s.name(layer: i)).\($0.rawValue)" } }
        }
        let tensors = try names.map { name -> TensorMeasurement in
            guard let m = measured[name] else { throw SweepError.cell(index: cell.index, description: cell.label, reason: "no measurement of \(name)") }
            return m
        }
        let w = cell.weights, a = cell.activations
        var result = CellResult(index: cell.index, hash: cell.hash, data: entry.name, source: entry.sourceText, transform: cell.transform.description,
                                format: cell.formatText, family: w?.descriptor.family.rawValue ?? "fp32", group: w?.descriptor.group ?? "fp32",
                                rounding: cell.rounding.rawValue, bitsPerElement: w?.format.bitsPerElement ?? 32, tensors: tensors)
        let e = comparison.embeddings
        result.model = ModelMetrics(model: entry.model.name, sentences: sentences.count, weights: ModelDataSpec.spec(w), activations: ModelDataSpec.spec(a),
                                    weightBits: w?.format.bitsPerElement ?? 32, activationBits: a?.format.bitsPerElement ?? 32,
                                    exceptions: entry.exceptions, accumulator: entry.accumulator, promotion: entry.promotion,
                                    meanCosine: e.meanCosine, worstCosine: e.worstCosine, spearman: e.spearman, topK: e.topK,
                                    topKAgreement: e.topKAgreement, layerQSNR: comparison.layers.map(\.qsnrDB))
        return result
    }

    /// One operand measured as a tensor cell measures its tensor: `original` (rows x k, as the model
    /// holds it) against `operand` (what the product received, Q(X R)).
    static func measurement(_ name: String, original x: [Float], operand q: [Float], rows: Int, columns k: Int, rotation: HadamardRotation?,
                            blockSize: Int, concurrency: Int?) throws -> TensorMeasurement {
        guard let rotation else {
            let report = try QuantizationErrorReport(original: x, quantized: q, rowLength: k, blockSize: blockSize, concurrency: concurrency)
            return TensorMeasurement(name: name, shape: [rows, k], original: report, rotated: nil)
        }
        var rotated = x, back = q
        try rotated.withUnsafeMutableBufferPointer { try rotation.apply($0, rowLength: k) }
        try back.withUnsafeMutableBufferPointer { try rotation.invert($0, rowLength: k) }
        return TensorMeasurement(
            name: name, shape: [rows, k],
            original: try QuantizationErrorReport(original: x, quantized: back, rowLength: k, blockSize: blockSize, concurrency: concurrency),
            rotated: try QuantizationErrorReport(original: rotated, quantized: q, rowLength: k, blockSize: blockSize, concurrency: concurrency))
    }
}
