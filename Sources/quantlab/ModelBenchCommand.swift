import ArgumentParser
import Foundation
import Models

struct ModelBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Speed of the transformer: FP32 GEMM GFLOP/s on the layer shapes, FP32 and quantized forward passes.",
        discussion: "Compare the GEMM rows with numpy's matmul on the same shapes: python3 Experiments/bench/matmul_numpy.py. "
            + "The forward passes embed --sentences lines of --text (cycled), in the embedder's chunks."
    )

    @Argument(help: "The model: minilm.") var model: String
    @Option(help: ArgumentHelp("Sentences, one per line (UTF-8).", valueName: "FILE")) var text = "Experiments/data/minilm-corpus.txt"
    @Option(help: "Sentences per forward pass (the lines of --text, cycled).") var sentences = 512
    @Option(help: "Tokens (rows) of the GEMM operands.") var tokens = 4096
    @Option(help: "Timed runs per measurement (the best is reported).") var repeats = 3
    @Option(help: ArgumentHelp("Quantized schemes to time, as 'WEIGHTS,ACTIVATIONS[,HADAMARD]' (repeatable).", valueName: "W,A[,K]"))
    var scheme: [String] = ["int8/ch0,int8/ch0", "mxfp4,mxfp4,32"]

    func run() throws {
        try CommandErrors.report {
            let manifest = try ModelManifest.named(model)
            let lines = try TextLines.read(path: text)
            let batch = (0..<sentences).map { lines[$0 % lines.count] }
            let workers = ProcessInfo.processInfo.activeProcessorCount
            print("GEMM, FP32 (tokens x k) . (n x k)^T, \(tokens) tokens, \(workers) workers, best of \(repeats)")
            for shape in ModelBenchmark.layerShapes {
                let gflops = ModelBenchmark.productGFLOPS(shape, tokens: tokens, repeats: repeats, workers: workers)
                print("  \(shape.name) \(tokens)x\(shape.k) . (\(shape.n)x\(shape.k))^T: "
                    + String(format: "%.1f GFLOP/s, %.1f per core (CPU time)", gflops.wall, gflops.perCore))
            }
            let embedder = try SentenceEmbedder(manifest: manifest)
            let count = embedder.tokenize(batch).reduce(0) { $0 + $1.count }
            let flops = ModelBenchmark.linearFLOPs(tokens: count, config: embedder.config)
            print("forward pass, \(sentences) sentences (\(count) tokens) of \(text), best of \(repeats)")
            let fp32 = try embedder.encoder()
            let reference = try ModelBenchmark.best(repeats: repeats) { _ = try embedder.embed(batch, with: fp32) }
            let rate = reference.gflops(flops)
            print("  fp32: " + String(format: "%.3f s (CPU %.3f s), %.0f sentences/s, linear layers %.1f GFLOP/s, %.1f per core",
                                      reference.wall, reference.cpu, Double(sentences) / reference.wall, rate.wall, rate.perCore))
            for text in scheme {
                let parts = text.split(separator: ",").map(String.init)
                let quantization = try QuantizationScheme(weights: parts.first, activations: parts.count > 1 ? parts[1] : nil,
                                                          hadamard: parts.count > 2 ? parts[2] : nil, randomSigns: parts.count > 2 ? 1 : nil,
                                                          exceptions: [])
                let encoder = try embedder.encoder(quantization)
                let timing = try ModelBenchmark.best(repeats: repeats) { _ = try embedder.embed(batch, with: encoder) }
                print("  w=\(parts[0]) a=\(parts.count > 1 ? parts[1] : "fp32")\(parts.count > 2 ? " hadamard \(parts[2])" : ""): "
                    + String(format: "%.3f s (CPU %.3f s), %.2fx the fp32 pass (CPU %.2fx)", timing.wall, timing.cpu,
                             timing.wall / reference.wall, timing.cpu / reference.cpu))
            }
        }
    }
}
