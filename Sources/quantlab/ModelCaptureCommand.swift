import ArgumentParser
import Models
import Tensors

struct ModelCaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Run the model on every line of a text file and write its activations to a .safetensors file.",
        discussion: """
        Tensors (float32, padding excluded, tokens in input order): layer.{i}.qkv, .attn_out, .ffn_in, .ffn_out \
        (the input of each linear map, tokens x its inputs), layer.{i}.output (the layer's output), and \
        layer.{i}.attention_scores.L{n} (pre-softmax scores of the sentences of n tokens: one row per sentence, \
        head and query token, n columns). The file is a tensor source like any other, e.g. \
        `quantlab analyze --format mxfp4 acts.safetensors:layer.*.ffn_out`. With the quantization options, \
        the activations of the quantized model are captured (each site's input before its own quantization).
        """
    )

    @OptionGroup var input: ModelInputOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("Output .safetensors file.", valueName: "ACTS.safetensors")) var output: String

    func run() throws {
        try CommandErrors.report {
            _ = try OutputTarget.resolve(output)  // a missing folder or a directory fails before any work
            let (embedder, sentences, scheme) = try input.load()
            let encoder = try embedder.encoder(scheme, product: try input.quantization.product())
            let capture = ActivationCapture(heads: embedder.config.heads)
            _ = try embedder.embed(sentences, with: encoder) { _, tokens in capture.observer(for: tokens) }
            try SafetensorsFile.write(capture.tensors, metadata: [
                "model": embedder.manifest.package + "==" + embedder.manifest.version,
                "text_sha256": try ModelCache.sha256(ofFile: input.text), "sentences": "\(sentences.count)",
            ], to: output)
        }
    }
}
