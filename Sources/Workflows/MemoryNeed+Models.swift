import Experiments
import Foundation
import Models

extension MemoryNeed {
    /// Floats held per token of a `model:` entry (hidden size h, intermediate size f, L layers): the
    /// FP32 reference's and the quantized model's output of every layer (2 L h, for the per-layer
    /// QSNR), one layer's working activations with the operand copies of its products and a site's
    /// measured input and quantized operand (10 h + 4 f). For MiniLM (h = 384, f = 1536, L = 6) that
    /// is 14,592 floats, 58.4 KB, 5% above the slope measured between two peaks (`/usr/bin/time -f %M
    /// quantlab sweep`, W8A8 with and without a 32-wide Hadamard, 2026-11-26): 214 MB for the first
    /// 60 corpus sentences (773 tokens) and 420 MB for all 350 (4,400 tokens), 55.5 KB per token.
    static func floatsPerToken(_ config: BertConfig) -> Double {
        Double(2 * config.layers * config.hidden + 10 * config.hidden + 4 * config.intermediate)
    }

    /// The peak of one `model:` entry's cells (`ModelCellRun`: entries run one at a time, before the
    /// tensor cells): the model's weights as loaded (the size of its weight file), one quantized copy
    /// of every linear layer's weight (L (4 h^2 + 2 h f) floats), and, since every selected sentence
    /// runs in one chunk, `floatsPerToken` per token plus the attention scores (heads n^2 floats for a
    /// sentence of n tokens). The tokens are counted by the model's own tokenizer, from the corpus.
    static func model(_ entry: ModelDataSpec, cache: ModelCache = ModelCache()) throws -> Double {
        let manifest = try ModelManifest.named(entry.model.name)
        let folder = cache.folder(for: manifest)
        let config = try BertConfig(folder: folder)
        let weightFile = (try? FileManager.default.attributesOfItem(atPath: folder + "/model.safetensors")[.size] as? Int) ?? 0
        let tokenizer = try WordPieceTokenizer(vocabularyFile: folder + "/vocab.txt", maxLength: config.maxSequenceLength)
        let sentences = try entry.corpusFiles.flatMap(TextLines.read).prefix(entry.sentences)
        let lengths = sentences.map { Double(tokenizer.encode($0).count) }
        let h = Double(config.hidden), f = Double(config.intermediate), layers = Double(config.layers)
        let quantizedWeights = layers * (4 * h * h + 2 * h * f)
        let activations = lengths.reduce(0, +) * floatsPerToken(config) + Double(config.heads) * lengths.reduce(0) { $0 + $1 * $1 }
        return Double(weightFile) + 4 * (quantizedWeights + activations)
    }

    /// The largest peak among the `model:` entries that have cells in `shard` (0 without any).
    static func models(_ spec: SweepSpec, shard: Shard?) throws -> Double {
        let entries = Set(spec.modelCells().filter { shard?.contains($0.index) ?? true }.map(\.entryIndex))
        return try entries.map { try model(spec.models[$0]) }.max() ?? 0
    }
}
