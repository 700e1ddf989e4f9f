import Foundation
import Formats
import Yams

extension SweepSpec {
    /// Whether a `data:` item is a `model:` entry (a mapping with a `model` key).
    static func isModelEntry(_ item: Node) -> Bool {
        item.mapping?.contains { $0.key.scalar?.string == "model" } ?? false
    }

    /// Reads a `model:` entry (`ModelDataSpec`): every key, the model (through `catalog`: files
    /// present and intact), the corpus, the sentence count, the formats against every linear site,
    /// the exceptions and the accumulator; the first problem fails at its line and key.
    static func readModel(_ item: Node, key: String, reader: YAMLReader, catalog: (any ModelCatalog)?) throws -> ModelDataSpec {
        let pairs = try reader.mapping(item, key, accepted: ModelDataSpec.keys)
        func node(_ name: String) -> Node? { pairs.first { $0.key == name }?.value }
        let modelNode = node("model")!
        let name = try reader.string(modelNode, "\(key).model")
        guard let catalog else {
            throw reader.fail(modelNode, "\(key).model", "model data runs only through `quantlab sweep` or `quantlab notebook` (no model catalog here)")
        }
        let model: ModelDescription
        do { model = try catalog.describe(name) } catch { throw reader.fail(modelNode, "\(key).model", "\(error)") }
        let corpusNode = node("corpus")
        let corpus = try corpusNode.map { try reader.string($0, "\(key).corpus") } ?? ModelDataSpec.defaultCorpus
        let files: (files: [String], lines: Int, digest: String)
        do { files = try SweepChecks.corpus(corpus) } catch { throw reader.fail(corpusNode ?? item, "\(key).corpus", "\(error)") }
        var sentences = files.lines
        if let n = node("sentences") {
            let count = try reader.unsigned(n, "\(key).sentences")
            guard count >= 2, count <= UInt64(files.lines) else {
                throw reader.fail(n, "\(key).sentences", "must be in 2...\(files.lines) (the corpus holds \(files.lines) lines)")
            }
            sentences = Int(count)
        }
        guard sentences >= 2 else { throw reader.fail(corpusNode ?? item, "\(key).corpus", "holds \(sentences) line; at least 2 are needed") }
        func formats(_ operand: ModelOperand) throws -> [ParsedFormat?] {
            let field = "\(key).\(operand.rawValue)"
            guard let n = node(operand.rawValue) else { return [nil] }
            let items = try reader.strings(n, field)
            let list = try unique(items, field, reader) { text -> String in
                _ = try SweepChecks.modelFormat(text, operand: operand, model: model, catalog: catalog)
                return text
            }
            guard !list.isEmpty else { throw reader.fail(n, field, "empty: list at least one format (fp32 for none), or leave the key out") }
            return try list.map(ModelDataSpec.format)
        }
        let weights = try formats(.weights), activations = try formats(.activations)
        let exceptions = try node("exceptions").map { n in
            try unique(reader.strings(n, "\(key).exceptions"), "\(key).exceptions", reader) {
                try SweepChecks.modelException($0, model: model, catalog: catalog)
            }
        } ?? []
        let accumulator = try node("accumulator").map { try reader.string($0, "\(key).accumulator") }
        var promotion: Int?
        if let n = node("promotion") {
            let p = try reader.unsigned(n, "\(key).promotion")
            guard p >= 1, p <= 1 << 30 else { throw reader.fail(n, "\(key).promotion", "must be in 1...\(1 << 30)") }
            guard accumulator != nil else { throw reader.fail(n, "\(key).promotion", "needs an accumulator (`accumulator: bf16`, say)") }
            promotion = Int(p)
        }
        if let accumulator, let problem = catalog.problem(accumulator: accumulator, promotion: promotion) {
            throw reader.fail(node("accumulator"), "\(key).accumulator", problem)
        }
        let display = try node("name").map { try reader.string($0, "\(key).name") } ?? name
        return ModelDataSpec(name: display, model: model, corpus: corpus, corpusFiles: files.files, corpusDigest: files.digest,
                             sentences: sentences, weights: weights, activations: activations, exceptions: exceptions,
                             accumulator: accumulator, promotion: promotion)
    }

    /// The first transform that a reduction axis of a model entry cannot take, as a spec error at
    /// the `transforms` list.
    static func checkModelTransforms(_ models: [ModelDataSpec], _ transforms: [TransformSpec], node: Node?, root: Node, reader: YAMLReader) throws {
        for (i, t) in transforms.enumerated() {
            for m in models {
                for k in m.model.reductions {
                    if let problem = t.problem(rowLength: k) {
                        throw reader.fail(node?.sequence.map { Array($0)[i] } ?? root, "transforms[\(i)]",
                                          "model data '\(m.name)': the reduction axis of \(k) cannot take it: \(problem)")
                    }
                }
            }
        }
    }
}
