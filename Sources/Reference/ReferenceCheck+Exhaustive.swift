import Dispatch
import Foundation
import Formats

/// The exhaustive check: all 2^32 float32 inputs of one format and one mode, on all cores, against
/// a `DecisionTable` built once from the MPFR reference; both the per-element and the buffer path.
/// Stochastic rounding is not covered here (its result depends on the draw, not only on the input;
/// the edge check covers it with the exact reference).
extension ReferenceCheck {
    /// Inputs per parallel chunk (the buffer path runs each chunk as one block).
    static let exhaustiveChunk = 1 << 16

    public static func exhaustive(_ format: any ElementFormat, mode: RoundingMode) throws -> ReferenceCheckResult {
        var result = ReferenceCheckResult(format: format.info.name, modes: [mode])
        guard mode != .stochastic else {
            result.notes.append("stochastic is not checked exhaustively (edge check covers it)")
            return result
        }
        let start = Date()
        let table = DecisionTable(try ReferenceRounding(format), mode: mode)
        let collector = MismatchCollector()
        sweep(format.kernels, mode, table, collector)
        result.inputsChecked = 2 << 32  // two paths per input
        for m in collector.first { result.record(m) }
        result.mismatches = collector.count
        result.seconds = Date().timeIntervalSince(start)
        result.notes.append("decision table: \(table.starts.count) segments")
        return result
    }

    /// Both paths through the format's `SpecializedKernels`: the per-element `quantize` and the
    /// buffer loop, each compiled for the format's type. Each worker owns its three buffers and
    /// takes every `workers`-th chunk.
    static func sweep(_ kernels: SpecializedKernels, _ mode: RoundingMode, _ table: DecisionTable,
                      _ collector: MismatchCollector) {
        let chunk = exhaustiveChunk
        let chunks = (1 << 32) / chunk
        let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let input = UnsafeMutableBufferPointer<Float>.allocate(capacity: chunk)
            let output = UnsafeMutableBufferPointer<Float>.allocate(capacity: chunk)
            let each = UnsafeMutableBufferPointer<Float>.allocate(capacity: chunk)
            defer { input.deallocate(); output.deallocate(); each.deallocate() }
            for c in stride(from: w, to: chunks, by: workers) {
                let base = UInt32(c * chunk)
                for i in 0 ..< chunk { input[i] = Float(bitPattern: base &+ UInt32(i)) }
                kernels.quantize(UnsafeBufferPointer(input), into: output, mode: mode, seed: 0, indexOffset: 0)
                kernels.quantizeEach(UnsafeBufferPointer(input), into: each, mode: mode)
                compare(base: base, each: UnsafeBufferPointer(each), buffered: UnsafeBufferPointer(output), mode: mode,
                        table: table, collector: collector)
            }
        }
    }

    /// One chunk of inputs `base ..< base + count` against the decision table: `each` holds the
    /// per-element path's results, `buffered` the buffer path's.
    static func compare(base: UInt32, each: UnsafeBufferPointer<Float>, buffered output: UnsafeBufferPointer<Float>,
                        mode: RoundingMode, table: DecisionTable, collector: MismatchCollector) {
        let chunk = each.count
        var local: [ReferenceMismatch] = []
        var count = 0
        // Walk the segments that meet this chunk; inside one the expected result is constant.
        var s = table.segment(of: base)
        var i = 0
        while i < chunk {
            let next = s + 1 < table.starts.count ? Int(table.starts[s + 1]) - Int(base) : chunk
            let end = min(chunk, next)
            let expected = table.results[s]
            let expectedBits = expected.bitPattern, expectedNaN = expected.isNaN
            for j in i ..< end {
                let fast = each[j]
                let buffered = output[j]
                let fastOK = fast.bitPattern == expectedBits || (expectedNaN && fast.isNaN)
                let bufferOK = buffered.bitPattern == expectedBits || (expectedNaN && buffered.isNaN)
                if !(fastOK && bufferOK) {
                    let bits = base &+ UInt32(j)
                    if !fastOK {
                        count += 1
                        if local.count < reportLimit {
                            local.append(.init(kind: .quantize, input: bits, mode: mode, random: 0, fast: fast, reference: expected))
                        }
                    }
                    if !bufferOK {
                        count += 1
                        if local.count < reportLimit {
                            local.append(.init(kind: .buffer, input: bits, mode: mode, random: 0, fast: buffered, reference: expected))
                        }
                    }
                }
            }
            i = end
            s += 1
        }
        if count > 0 { collector.add(count, local) }
    }
}

/// Thread-safe mismatch tally of the exhaustive sweep.
final class MismatchCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var count = 0
    private(set) var first: [ReferenceMismatch] = []

    func add(_ n: Int, _ items: [ReferenceMismatch]) {
        lock.lock(); defer { lock.unlock() }
        count += n
        first += items.prefix(ReferenceCheck.reportLimit - first.count)
    }
}
