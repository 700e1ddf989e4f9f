import PlainText
import ArgumentParser
import Formats
import PlainText
import Foundation
import Gemm

struct BenchGemmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-gemm",
        abstract: "Speed of the emulated GEMM (operands quantized beforehand) for several accumulators, next to numpy's matmul.",
        discussion: """
        Each row is the best of --repeats runs of Y = A B^T (M x K times (N x K)^T) on all cores, in GFLOPS (2 M N K / s). \
        With --numpy, `python3` times numpy's float32 `a @ b.T` (the BLAS sgemm numpy links) on the same shapes in the same \
        command (best of max(--repeats, 10) runs), and each row shows how many times slower the emulation is. "kernel" names the kernel \
        that ran (for emulated accumulators, the vector lanes chosen for the operands), "exact steps" the share of its 16-output steps \
        left to the exact scalar path. The last row times the error report's exact references on --samples outputs.
        """
    )

    @Option(help: "M, N and K (square), unless --m/--n/--k are given.") var size = 1024
    @Option var m: Int?
    @Option var n: Int?
    @Option var k: Int?
    @Option(help: "Timed runs per case (the best is reported).") var repeats = 3
    @Option(help: "Only cases whose name contains this text.") var filter: String?
    @Option(help: "Outputs for the exact-reference row (0: skip it).") var samples = 4096
    @Flag(help: "Also time numpy's matmul (python3 with numpy) on the same shapes.") var numpy = false

    func run() throws {
        try CommandErrors.report {
            let (m, n, k) = (self.m ?? size, self.n ?? size, self.k ?? size)
            let given = [("--size", size), ("--repeats", repeats)] + [("--m", self.m), ("--n", self.n), ("--k", self.k)].compactMap { o, v in v.map { (o, $0) } }
            for (option, value) in given { try ArgumentRange.check(option, value, 1 ... Int.max) }
            let flops = 2 * Double(m) * Double(n) * Double(k)
            let reference = numpy ? try BenchGemmCommand.numpySeconds(m: m, n: n, k: k, repeats: max(repeats, 10)) : nil
            var rows = [["case", "best s", "GFLOPS"] + (reference == nil ? [] : ["x numpy"]) + ["kernel", "exact steps"]]
            func row(_ name: String, _ seconds: Double, _ use: GemmKernelUse?) {
                rows.append([name, String(format: "%.4f", seconds), String(format: "%.1f", flops / seconds / 1e9)]
                            + (reference.map { [String(format: "%.1f", seconds / $0)] } ?? [])
                            + [use?.kernel ?? "-", use.map { $0.laneSteps == 0 ? "-" : String(format: "%.2g%%", 100 * $0.exactShare) } ?? "-"])
            }
            if let reference { row("numpy float32 a @ b.T (sgemm)", reference, nil) }
            for c in GemmBenchmark.cases where filter.map({ c.name.contains($0) }) ?? true {
                let timing = try GemmBenchmark.timing(c, m: m, n: n, k: k, repeats: repeats)
                row(c.name, timing.seconds, timing.kernel)
            }
            if samples > 0, filter.map({ "exact references".contains($0) }) ?? true {
                let seconds = try GemmBenchmark.referenceSeconds(m: m, n: n, k: k, samples: samples, repeats: 1)
                rows.append(["exact references (report), \(min(samples, m * n)) outputs", String(format: "%.4f", seconds), "-"]
                            + (reference == nil ? [] : ["-"]) + ["-", "-"])
            }
            print("M=\(m) N=\(n) K=\(k); emulated multiply only (operands quantized beforehand); best of \(repeats) runs; "
                  + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
            print(AlignedColumns.text(rows), terminator: "")
        }
    }

    /// Best seconds of numpy's `a @ b.T` in float32, measured by python3.
    static func numpySeconds(m: Int, n: Int, k: Int, repeats: Int) throws -> Double {
        let script = """
        import time, numpy as np
        a = np.random.default_rng(1).standard_normal((\(m), \(k)), dtype=np.float32)
        b = np.random.default_rng(2).standard_normal((\(n), \(k)), dtype=np.float32)
        a @ b.T
        best = 1e30
        for _ in range(\(repeats)):
            t = time.perf_counter(); a @ b.T; best = min(best, time.perf_counter() - t)
        print(best)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let seconds = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ValidationError("--numpy: python3 with numpy did not run (exit status \(process.terminationStatus))")
        }
        return seconds
    }
}
