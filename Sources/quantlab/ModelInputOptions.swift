import ArgumentParser
import Models

/// What embed, capture and compare share: the model, the text file and the quantization options,
/// checked in that order (text and options before the model is loaded).
struct ModelInputOptions: ParsableArguments {
    @Argument(help: "The model: minilm.") var model: String
    @Option(help: ArgumentHelp("Sentences, one per line (UTF-8).", valueName: "FILE")) var text: String
    @OptionGroup var quantization: ModelQuantizationOptions

    /// The loaded model, the sentences and the quantization scheme.
    func load() throws -> (embedder: SentenceEmbedder, sentences: [String], scheme: QuantizationScheme) {
        let manifest = try ModelManifest.named(model)
        let scheme = try quantization.scheme()
        _ = try quantization.product()
        let sentences = try TextLines.read(path: text)
        return (try SentenceEmbedder(manifest: manifest), sentences, scheme)
    }
}
