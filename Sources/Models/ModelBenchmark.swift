import Dispatch
import Foundation
import ModelKernels
import Tensors

/// Speed figures of the transformer, for `quantlab model bench` (speed is shown by a command, never a
/// timed test): the FP32 matrix multiply on the encoder's layer shapes, and whole forward passes.
public enum ModelBenchmark {
    /// One linear-layer shape: tokens x k times (n x k)ᵀ.
    public struct Shape: Sendable {
        public let name: String
        public let k: Int
        public let n: Int
    }

    /// The four linear maps of an all-MiniLM-L6-v2 layer (q, k and v fused).
    public static let layerShapes = [
        Shape(name: "qkv", k: 384, n: 1152), Shape(name: "attn_out", k: 384, n: 384),
        Shape(name: "ffn_in", k: 384, n: 1536), Shape(name: "ffn_out", k: 1536, n: 384),
    ]

    /// The best (smallest) wall-clock seconds and process CPU seconds (all threads) over the timed runs.
    public struct Timing: Sendable {
        public var wall: Double
        public var cpu: Double
        /// GFLOP/s for `flops` operations by the wall clock, and per CPU-second (one core's share:
        /// stable on a loaded machine, where the wall clock also counts waiting for a core).
        public func gflops(_ flops: Double) -> (wall: Double, perCore: Double) { (flops / wall / 1e9, flops / cpu / 1e9) }
    }

    /// Times `repeats` runs of `body` after one warm-up run.
    public static func best(repeats: Int, _ body: () throws -> Void) rethrows -> Timing {
        var best = Timing(wall: .infinity, cpu: .infinity)
        for run in 0...max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds, cpuStart = clock()
            try body()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
            if run > 0 { best = Timing(wall: min(best.wall, wall), cpu: min(best.cpu, cpu)) }
        }
        return best
    }

    /// GFLOP/s (2·tokens·k·n per product) of `DenseProduct` on `shape` with seeded uniform operands,
    /// by the wall clock and per core.
    public static func productGFLOPS(_ shape: Shape, tokens: Int, repeats: Int, workers: Int) -> (wall: Double, perCore: Double) {
        var generator = SplitMix64(seed: 0x5EED)
        func uniform() -> Float { Float(Int64(bitPattern: generator.next()) >> 40) * 0x1p-23 }  // in [-1, 1)
        let a = (0..<(tokens * shape.k)).map { _ in uniform() }
        let w = (0..<(shape.n * shape.k)).map { _ in uniform() }
        let panels = PanelMatrix(rows: shape.n, columns: shape.k, values: w)
        var c = [Float](repeating: 0, count: tokens * shape.n)
        let timing = a.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { c in
                best(repeats: repeats) {
                    DenseProduct.multiply(a.baseAddress!, rows: tokens, panels, bias: nil, into: c.baseAddress!, workers: workers)
                }
            }
        }
        return timing.gflops(2 * Double(tokens * shape.k * shape.n))
    }

    /// Floating-point operations of the linear layers of one forward pass over `tokens` tokens.
    public static func linearFLOPs(tokens: Int, config: BertConfig) -> Double {
        let h = Double(config.hidden), f = Double(config.intermediate)
        return 2 * Double(tokens) * Double(config.layers) * (4 * h * h + 2 * h * f)
    }
}
