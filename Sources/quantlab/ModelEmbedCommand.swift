import ArgumentParser
import Models
import Tensors

struct ModelEmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed every line of a UTF-8 text file: one float32 row of the model's width (384) per line.",
        discussion: "The embeddings are what sentence-transformers computes: WordPiece tokens truncated at 256, "
            + "the BERT encoder, mean pooling over the real tokens, L2 normalisation."
    )

    @Argument(help: "The model: minilm.") var model: String
    @Option(help: ArgumentHelp("Sentences, one per line (UTF-8).", valueName: "FILE")) var text: String
    @Option(name: .shortAndLong, help: ArgumentHelp("Output .npy (float32, lines x 384).", valueName: "EMB.npy")) var output: String
    @OptionGroup var quantization: ModelQuantizationOptions

    func run() throws {
        try CommandErrors.report {
            let manifest = try ModelManifest.named(model)
            let scheme = try quantization.scheme()
            let sentences = try TextLines.read(path: text)
            let embedder = try SentenceEmbedder(manifest: manifest)
            let embeddings = try embedder.embed(sentences, with: try embedder.encoder(scheme))
            try NPYFile.write(embeddings, to: output)
        }
    }
}
