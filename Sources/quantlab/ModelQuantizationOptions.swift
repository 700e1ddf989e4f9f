import ArgumentParser
import Models

/// The quantized-inference options shared by the model commands (all optional: FP32 by default).
struct ModelQuantizationOptions: ParsableArguments {
    @Option(name: .customLong("weights"), help: ArgumentHelp("Format of every linear layer's weights (blocks along the reduction axis); fp32 for none.", valueName: "SPEC"))
    var weights: String?
    @Option(name: .customLong("activations"), help: ArgumentHelp("Format of every linear layer's input activations; fp32 for none.", valueName: "SPEC"))
    var activations: String?
    @Option(help: ArgumentHelp("Block Hadamard rotation of both operands along the reduction axis: a power-of-two block K dividing 384, or 'full'.", valueName: "K|full"))
    var hadamard: String?
    @Option(name: .customLong("random-signs"), help: ArgumentHelp("Random sign flips on the Hadamard rotation, seeded by SEED.", valueName: "SEED"))
    var randomSigns: UInt64?
    @Option(name: .customLong("except"), help: ArgumentHelp("Per-site formats, e.g. 'layer.*.ffn_out:a=int8/ch0,w=int8/ch0' (repeatable; sites layer.{i}.qkv|attn_out|ffn_in|ffn_out).", valueName: "GLOB:w=SPEC,a=SPEC"))
    var exceptions: [String] = []
    @Option(help: ArgumentHelp("Rounding mode of the quantizers.", valueName: "MODE")) var rounding = "nearest-even"
    @Option(help: ArgumentHelp("Seed for stochastic rounding.", valueName: "N")) var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Sum every linear layer's products in this accumulator through the emulated GEMM (exact, fp32, bf16, fp16, fp:eXmY); without it, the FP32 product.", valueName: "SPEC"))
    var accumulate: String?
    @Option(help: ArgumentHelp("With --accumulate: promote the partial sum to FP32 every N products.", valueName: "N"))
    var promote: Int?

    /// The linear layers' product: `GemmProduct` with --accumulate, else the FP32 product.
    func product() throws -> any MatrixProduct {
        guard let accumulate else {
            if promote != nil { throw ModelError.badOption("--promote", reason: "needs --accumulate") }
            return FP32Product()
        }
        return try GemmProduct(accumulator: accumulate, promotion: promote)
    }

    func scheme() throws -> QuantizationScheme {
        try QuantizationScheme(weights: weights, activations: activations, hadamard: hadamard, randomSigns: randomSigns,
                               exceptions: exceptions, rounding: rounding, seed: seed)
    }
}
