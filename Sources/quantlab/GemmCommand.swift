import ArgumentParser
import Experiments
import Formats
import Foundation
import Gemm
import Tensors
import Transforms

struct GemmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Y = A B^T with quantized operands and an emulated accumulator; its error split into quantization and accumulation.",
        discussion: """
        A (M x K) and B (N x K) are tensor sources: a .npy file, model.safetensors:NAME, or a distribution call such as \
        'normal(shape=64x4096)'. Each is quantized with its format (blocks along K; no format keeps the float32 values), \
        optionally after a Hadamard rotation along K of both. The products are summed in the accumulator format \
        (exact, fp32, bf16, fp16, fp:eXmY), sequentially along K, with optional promotion into an FP32 total every N \
        products. The report compares a sample of outputs with the exact dot products of the quantized and of the \
        unquantized operands, each rounded once to float32: total error = quantization part + accumulation part. \
        The full definition is the doc comment of Gemm.QuantizedGemm. NaN or infinite input values are an error unless \
        --allow-nonfinite, which replaces them by 0.
        """
    )

    @Argument(help: ArgumentHelp("Operand A (M x K).", valueName: "A")) var a: String
    @Argument(help: ArgumentHelp("Operand B (N x K).", valueName: "B")) var b: String
    @Option(name: .customLong("a-format"), help: ArgumentHelp("Format of A (omit: unquantized).", valueName: "SPEC")) var aFormat: String?
    @Option(name: .customLong("b-format"), help: ArgumentHelp("Format of B (omit: unquantized).", valueName: "SPEC")) var bFormat: String?
    @Option(help: ArgumentHelp("Accumulator: exact, fp32, bf16, fp16 or fp:eXmY[...] (Y up to 23, e.g. fp:e8m13).", valueName: "SPEC")) var accumulate = "fp32"
    @Option(name: .customLong("accumulate-rounding"), help: ArgumentHelp("nearest-even or toward-zero.", valueName: "MODE"))
    var accumulateRounding = "nearest-even"
    @Option(help: ArgumentHelp("Add the partial sum into an FP32 total every N products (DeepSeek-V3's promotion).", valueName: "N"))
    var promote: Int?
    @Option(name: .customLong("block-sum"), help: ArgumentHelp("How a block's element products are summed before its scales apply: accumulator (in the accumulator format, default) or exact.", valueName: "RULE"))
    var blockSum = "accumulator"
    @Option(help: ArgumentHelp("Hadamard rotation along K of both operands: a power-of-two block size, or 'full'.", valueName: "K|full"))
    var hadamard: String?
    @Option(name: .customLong("random-signs"), help: ArgumentHelp("Random sign flips on the rotation, seeded by SEED.", valueName: "SEED"))
    var randomSigns: UInt64?
    @Option(help: ArgumentHelp("Rounding of the operand quantization.", valueName: "MODE")) var rounding = "nearest-even"
    @Option(help: ArgumentHelp("Seed for synthetic operands without their own seed, stochastic rounding and output sampling.", valueName: "N"))
    var seed: UInt64 = 0
    @Option(name: .customLong("reference-samples"), help: ArgumentHelp("Outputs compared with the exact references (all when M N is smaller).", valueName: "N"))
    var referenceSamples = 65536
    @Flag(name: .customLong("allow-nonfinite"), help: "Replace NaN and infinite input values by 0 (counted on stderr) instead of failing.")
    var allowNonFinite = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Write Y (float32, M x N) to this .npy file.", valueName: "Y.npy")) var output: String?
    @Option(help: ArgumentHelp("Write the error report to this JSON file.", valueName: "R.json")) var report: String?

    func run() throws {
        try CommandErrors.report {
            let job = try makeJob()
            for path in [output, report].compactMap({ $0 }) { _ = try OutputTarget.resolve(path) }
            let left = try load(a, name: "A"), right = try load(b, name: "B")
            try GemmJob.checkShapes(left, right, names: ("A (\(a))", "B (\(b))"))
            let result = try job.run(a: left, b: right, measure: true)
            // Y and the report appear together or not at all.
            let files = AtomicFileSet()
            if let output { try files.stage(NPYFile.encode(result.y), to: output) }
            if let report, let r = result.report { try files.stage(Array(try GemmCommand.json(r)), to: report) }
            try files.publish()
            print(GemmCommand.summary(result), terminator: "")
        }
    }

    func makeJob() throws -> GemmJob {
        let mode = try RoundingMode(name: rounding)
        let rotation: HadamardRotation?
        do { rotation = try TransformSpec(hadamard: hadamard, randomSigns: randomSigns).rotation(seed: seed) } catch let e as SpecValueError where hadamard == nil {
            throw ValidationError(e.message)
        }
        let gemm = try QuantizedGemm(aFormat: aFormat.map(FormatRegistry.tensorFormat), bFormat: bFormat.map(FormatRegistry.tensorFormat),
                                     accumulator: Accumulator(spec: accumulate),
                                     accumulatorRounding: Accumulator.rounding(named: accumulateRounding),
                                     promotion: promote, blockSum: BlockSum(name: blockSum), rotation: rotation,
                                     operandRounding: mode, seed: seed)
        return try GemmJob(gemm: gemm, referenceSamples: referenceSamples, sampleSeed: seed)
    }

    /// The one tensor of a source, with the NaN/Inf rule applied.
    func load(_ spec: String, name: String) throws -> Tensor {
        let tensors = try TensorSource(parsing: spec, defaultSeed: seed).load()
        guard tensors.count == 1 else {
            throw ValidationError("operand \(name) '\(spec)' holds \(tensors.count) tensors; name exactly one (FILE.safetensors:NAME)")
        }
        let (tensor, replaced) = try NonFinitePolicy.apply(tensors[0].tensor, name: tensors[0].name, source: spec, allow: allowNonFinite)
        if replaced > 0 {
            CommandErrors.warn(["operand \(name) '\(spec)': \(replaced) of \(tensor.count) values were NaN or infinite and were replaced by 0 (allow-nonfinite)"])
        }
        return tensor
    }
}
