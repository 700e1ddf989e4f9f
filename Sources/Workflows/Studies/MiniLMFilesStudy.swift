import Experiments
import Foundation
import Models
import Reports
import Tensors

/// `study: minilm-files`: writes the MiniLM tensors the other studies and sweeps read, from the
/// fetched model (`quantlab model fetch minilm`) and the project's corpus, into `directory`
/// (default `Reports/.cache/minilm`, outside version control; a fresh clone recreates it):
/// - `weights.safetensors`: per layer i, `layer.{i}.{query,key,value,attn_out,ffn_in,ffn_out}.weight`
///   (out x in, named after the activation each map reads), `layer.{i}.ln1|ln2.gamma|beta`, and
///   `embeddings.word.weight`, `embeddings.position.weight`;
/// - `activations.safetensors`: for each linear `layer.{i}.{...}.input` (tokens x in: the query, key and
///   value maps share the `qkv` capture), `layer.{i}.gelu.input` (`ffn_in W1^T + b1`),
///   `layer.{i}.ln1.input` (`qkv + attn_out Wo^T + bo`), `layer.{i}.ln2.input` (`ffn_in + ffn_out W2^T + b2`),
///   and `layer.{i}.softmax.input`: the pre-softmax scores of the first `score_sentences` sentences of
///   the corpus's most common length L (sentences x heads x L rows of L).
/// Token rows: `tokens` rows evenly spaced over the corpus's tokens (row `floor(j N / tokens)`).
/// Sums of the derived inputs are in Double, in order. The files are rewritten only when the model,
/// corpus, options or QuantLab version differ from those recorded beside them (`minilm.json`).
struct MiniLMFilesStudy {
    let spec: StudySpec

    var directory: String { spec.text("directory") }
    var weightsPath: String { directory + "/weights.safetensors" }
    var activationsPath: String { directory + "/activations.safetensors" }

    func run() throws -> StudyOutput {
        let embedder = try SentenceEmbedder(manifest: .miniLM)
        let sentences = try TextLines.read(path: spec.text("text"))
        let stamp = [
            "model": embedder.manifest.package + "==" + embedder.manifest.version,
            "text_sha256": try ModelCache.sha256(ofFile: spec.text("text")),
            "tokens": "\(spec.count("tokens"))", "score_sentences": "\(spec.count("score_sentences"))",
            "quantlab": QuantLabVersion.string,
        ]
        let stampPath = directory + "/minilm.json"
        let stampText = stamp.keys.sorted().map { "\"\($0)\": \"\(stamp[$0]!)\"" }.joined(separator: ",\n") + "\n"
        let current = (try? String(contentsOfFile: stampPath, encoding: .utf8)) == stampText
            && FileManager.default.fileExists(atPath: weightsPath) && FileManager.default.fileExists(atPath: activationsPath)
        let (weights, activations) = try tensors(embedder, sentences)
        if !current {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try SafetensorsFile.write(weights, metadata: stamp, to: weightsPath)
            try SafetensorsFile.write(activations, metadata: stamp, to: activationsPath)
            try AtomicFile.write(stampText, to: stampPath)
        }
        let rows = [("`\(weightsPath)`", weights), ("`\(activationsPath)`", activations)].map { path, list in
            [path, "\(list.count)", list.prefix(3).map { "\($0.name) \(shapeText($0.tensor.shape))" }.joined(separator: ", ") + ", ..."]
        }
        let table = MarkdownTable(header: ["file", "tensors", "first tensors (shape)"], rows: rows)
        return StudyOutput(markdown: "MiniLM (`\(stamp["model"]!)`) on `\(spec.text("text"))` (\(sentences.count) sentences), "
            + "\(spec.count("tokens")) token rows per site:\n\n" + table.text + "\n")
    }

    func shapeText(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: "x") + ")" }

    /// The weights and the sampled activations (computed every time: a forward pass over the corpus).
    func tensors(_ embedder: SentenceEmbedder, _ sentences: [String]) throws -> ([(name: String, tensor: Tensor)], [(name: String, tensor: Tensor)]) {
        let w = embedder.weights, h = embedder.config.hidden, heads = embedder.config.heads
        let tokens = embedder.tokenize(sentences)
        var offsets = [0]
        for t in tokens { offsets.append(offsets.last! + t.count) }
        let total = offsets.last!, keep = Swift.min(spec.count("tokens"), total)
        let kept = Set((0 ..< keep).map { $0 * total / keep })
        let lengths = Dictionary(grouping: tokens.map(\.count), by: { $0 }).mapValues(\.count)
        let common = lengths.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
        let scored = Set(tokens.indices.filter { tokens[$0].count == common }.prefix(spec.count("score_sentences")))
        let sink = CaptureSink()
        _ = try embedder.embed(sentences, with: try embedder.encoder()) { first, chunk in
            { name, values, rows, columns in
                if columns > 0 {
                    for r in 0 ..< rows where kept.contains(offsets[first] + r) {
                        sink.append(name, Array(values[(r * columns) ..< ((r + 1) * columns)]), columns: columns)
                    }
                    return
                }
                var offset = 0
                for (k, sentence) in chunk.enumerated() {
                    let n = sentence.count, size = heads * n * n
                    if scored.contains(first + k) { sink.append(name + ".scores", Array(values[offset ..< (offset + size)]), columns: n) }
                    offset += size
                }
            }
        }
        var weights: [(String, Tensor)] = []
        var inputs: [(String, Tensor)] = []
        for (i, layer) in w.layers.enumerated() {
            let p = "layer.\(i)."
            weights += [(p + "query.weight", layer.query), (p + "key.weight", layer.key), (p + "value.weight", layer.value),
                        (p + "attn_out.weight", layer.attentionOutput), (p + "ffn_in.weight", layer.intermediate), (p + "ffn_out.weight", layer.output),
                        (p + "ln1.gamma", Tensor(shape: [h], values: layer.attentionNormWeight)), (p + "ln1.beta", Tensor(shape: [h], values: layer.attentionNormBias)),
                        (p + "ln2.gamma", Tensor(shape: [h], values: layer.outputNormWeight)), (p + "ln2.beta", Tensor(shape: [h], values: layer.outputNormBias))]
            let qkv = try sink.tensor(LinearSite.qkv.name(layer: i)), context = try sink.tensor(LinearSite.attentionOutput.name(layer: i))
            let ffnIn = try sink.tensor(LinearSite.ffnIn.name(layer: i)), ffnOut = try sink.tensor(LinearSite.ffnOut.name(layer: i))
            inputs += [(p + "query.input", qkv), (p + "key.input", qkv), (p + "value.input", qkv), (p + "attn_out.input", context),
                       (p + "ffn_in.input", ffnIn), (p + "ffn_out.input", ffnOut),
                       (p + "gelu.input", Self.linear(ffnIn, layer.intermediate, layer.intermediateBias)),
                       (p + "ln1.input", Self.linear(context, layer.attentionOutput, layer.attentionOutputBias, plus: qkv)),
                       (p + "ln2.input", Self.linear(ffnOut, layer.output, layer.outputBias, plus: ffnIn)),
                       (p + "softmax.input", try sink.tensor(CaptureSite.attentionScores(layer: i) + ".scores"))]
        }
        weights += [("embeddings.word.weight", w.wordEmbeddings), ("embeddings.position.weight", w.positionEmbeddings)]
        return (weights.map { ($0.0, $0.1) }, inputs.map { ($0.0, $0.1) })
    }

    /// `x W^T + b (+ residual)`, each output summed in Double over the inputs in order.
    static func linear(_ x: Tensor, _ w: Tensor, _ b: [Float], plus residual: Tensor? = nil) -> Tensor {
        let t = x.shape[0], k = x.shape[1], n = w.shape[0]
        var out = [Float](repeating: 0, count: t * n)
        for r in 0 ..< t {
            for c in 0 ..< n {
                var s = Double(b[c])
                for j in 0 ..< k { s += Double(x.values[r * k + j]) * Double(w.values[c * k + j]) }
                out[r * n + c] = Float(s + Double(residual?.values[r * n + c] ?? 0))
            }
        }
        return Tensor(shape: [t, n], values: out)
    }
}

/// Rows collected from the encoder's observer, by name, in call order.
final class CaptureSink: @unchecked Sendable {
    private var rows: [String: (columns: Int, values: [Float])] = [:]
    private let lock = NSLock()

    func append(_ name: String, _ values: [Float], columns: Int) {
        lock.lock(); defer { lock.unlock() }
        rows[name, default: (columns, [])].values += values
    }

    func tensor(_ name: String) throws -> Tensor {
        guard let r = rows[name] else { throw StudyError("the forward pass gave no tensor \(name)") }
        return Tensor(shape: [r.values.count / r.columns, r.columns], values: r.values)
    }
}
