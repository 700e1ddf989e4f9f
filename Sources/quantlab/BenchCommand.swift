import Foundation
import ArgumentParser
import Formats
import PlainText
import Transforms

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Fake-quantization throughput (Melem/s) of every named format on float32 buffers, next to a plain copy."
    )

    @Option(help: "Elements per buffer (a multiple of 4096; the tensor is COUNT/4096 rows of 4096).") var count = 1 << 24
    @Option(help: "Timed runs per kernel (the best is reported).") var repeats = 5
    @Option(help: "Only formats whose spec contains this text.") var filter: String?
    @Option(name: .customLong("spec"), help: "Time this format spec instead of the suite's list (repeatable).") var specs: [String] = []
    @Flag(help: "Time one example of every spec form `quantlab formats` lists instead of the named formats.") var examples = false

    func run() throws {
        try CommandErrors.report(measure)
    }

    func measure() throws {
        try ArgumentRange.check("--count", count, 4096 ... 1 << 30, "the input and output buffers take 8 bytes per element")
        guard count % 4096 == 0 else { throw ArgumentRange.Invalid("--count \(count) is not a multiple of 4096 (rows of 4096)") }
        try ArgumentRange.check("--repeats", repeats, 1 ... 1000)
        let input = Throughput.signal(count: count)
        var rows = [["kernel", "Melem/s", "GB/s", "best ms", "of copy"]]
        let copy = Throughput.measure("copy (baseline)", input: input, repeats: repeats, Throughput.copy)
        func add(_ m: Throughput.Measurement) {
            rows.append([m.name, String(format: "%.0f", m.melemPerSecond), String(format: "%.1f", m.gigabytesPerSecond),
                         String(format: "%.2f", m.bestSeconds * 1000), String(format: "%.0f%%", 100 * m.melemPerSecond / copy.melemPerSecond)])
        }
        add(copy)
        let list = !specs.isEmpty ? specs : examples ? BenchmarkSuite.exampleSpecs : BenchmarkSuite.formatSpecs
        for spec in list where filter.map({ spec.contains($0) }) ?? true {
            add(try BenchmarkSuite.measure(spec, input: input, repeats: repeats))
        }
        for (label, block) in [("hadamard block 32", Optional(32)), ("hadamard full 4096", nil)] where specs.isEmpty && !examples && filter.map({ label.contains($0) }) ?? true {
            let rotation = try HadamardRotation(blockSize: block)
            add(try Throughput.measure(label, input: input, repeats: repeats) { _, dst in
                try rotation.apply(dst, rowLength: 4096)  // in place on rows of 4096
            })
        }
        print("\(count) float32 as \(count / 4096) rows of 4096; fake-quantize rounds to nearest even; best of \(repeats) runs")
        print(AlignedColumns.text(rows), terminator: "")
    }
}
