import ArgumentParser

/// `quantlab model ...`: fetch a transformer, embed text with it, capture its activations, compare
/// quantized inference with FP32, benchmark its forward pass.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "A real transformer (all-MiniLM-L6-v2) in the loop: fetch, embed, capture activations, quantized inference.",
        subcommands: [ModelFetchCommand.self, ModelEmbedCommand.self, ModelCaptureCommand.self, ModelCompareCommand.self, ModelBenchCommand.self]
    )
}
