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

    @OptionGroup var input: ModelInputOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("Output .npy (float32, lines x 384).", valueName: "EMB.npy")) var output: String

    func run() throws {
        try CommandErrors.report {
            _ = try OutputTarget.resolve(output)  // a missing folder or a directory fails before any work
            let (embedder, sentences, scheme) = try input.load()
            let embeddings = try embedder.embed(sentences, with: try embedder.encoder(scheme, product: try input.quantization.product()))
            try NPYFile.write(embeddings, to: output)
        }
    }
}
