import ArgumentParser
import Models

struct ModelCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Quantized inference against FP32: embedding cosines, Spearman of the similarity matrices, top-5 agreement, per-layer QSNR.",
        discussion: """
        Every linear layer computes Q_a(X R) . Q_w(W R)^T + b with --weights and --activations formats (blocks along \
        the reduction axis), R an optional block Hadamard rotation (--hadamard K, --random-signs SEED), and per-site \
        exceptions (--except 'layer.*.ffn_out:a=int8/ch0'). Example: \
        quantlab model compare minilm --text Experiments/data/minilm-corpus.txt --weights int4/g32 --activations mxint8
        """
    )

    @OptionGroup var input: ModelInputOptions

    func run() throws {
        try CommandErrors.report {
            let (embedder, sentences, scheme) = try input.load()
            let quantized = try embedder.encoder(scheme, product: try input.quantization.product())
            let comparison = try ModelComparison(embedder, sentences: sentences, reference: try embedder.encoder(), other: quantized)
            print(comparison.text, terminator: "")
        }
    }
}
