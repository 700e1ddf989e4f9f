import XCTest
@testable import Experiments
@testable import Reports
@testable import Workflows

/// Determinism, resume, shards and merge, and atomic writes of the whole sweep path.
final class SweepRunnerTests: XCTestCase {
    /// Runs the tiny sweep into `dir` and returns the report files' bytes by name.
    private func runTiny(into dir: String, jobs: Int, kernels: Int?, fresh: Bool = false) throws -> (outputs: [String: Data], computed: Int) {
        let spec = try TestSupport.tinySpec()
        let runner = SweepRunner(jobs: jobs, kernelConcurrency: kernels, store: ResultStore(reportsDirectory: dir, spec: spec), fresh: fresh,
                                 mpfrVersion: SweepRunner.linkedMPFRVersion)
        let outcome = try runner.run(spec)
        try ReportWriter.write(results: outcome.results, spec: spec, name: "tiny", directory: dir)
        var outputs: [String: Data] = [:]
        for file in TestSupport.files(in: dir) where !file.hasPrefix(".cache") {
            outputs[file] = FileManager.default.contents(atPath: dir + "/" + file)
        }
        return (outputs, outcome.computed)
    }

    func testOutputsAreByteIdenticalAcrossRunsAndThreadSettings() throws {
        let a = try runTiny(into: TestSupport.scratch(), jobs: 1, kernels: 1)
        let b = try runTiny(into: TestSupport.scratch(), jobs: 4, kernels: nil)
        let c = try runTiny(into: TestSupport.scratch(), jobs: 2, kernels: 3)
        XCTAssertEqual(a.outputs.keys.sorted(), [".reports/tiny.json", "tiny-hadamard.svg", "tiny-kernel-share.svg", "tiny-qsnr-by-format.svg",
                                                 "tiny-qsnr-vs-bits.svg", "tiny-qsnr-vs-crest.svg", "tiny.csv", "tiny.json", "tiny.md"])
        XCTAssertEqual(a.outputs, b.outputs)
        XCTAssertEqual(a.outputs, c.outputs)
    }

    func testRerunComputesNothingAndFreshRecomputes() throws {
        let dir = try TestSupport.scratch()
        let first = try runTiny(into: dir, jobs: 2, kernels: nil)
        XCTAssertEqual(first.computed, 24)
        let second = try runTiny(into: dir, jobs: 2, kernels: nil)
        XCTAssertEqual(second.computed, 0)
        XCTAssertEqual(first.outputs, second.outputs)
        XCTAssertEqual(try runTiny(into: dir, jobs: 2, kernels: nil, fresh: true).computed, 24)
    }

    func testInterruptedSweepResumes() throws {
        let dir = try TestSupport.scratch()
        let spec = try TestSupport.tinySpec()
        let store = ResultStore(reportsDirectory: dir, spec: spec)
        // A "crash" after one shard's cells were stored: the full run computes only the rest.
        _ = try SweepRunner(jobs: 2, store: store).run(spec, shard: Shard(index: 1, count: 3))
        let resumed = try SweepRunner(jobs: 2, store: store).run(spec)
        XCTAssertEqual(resumed.computed, 16)
        XCTAssertEqual(resumed.results, try SweepRunner(jobs: 2).run(spec).results)
    }

    func testShardsMergeIntoTheSingleRunReport() throws {
        let single = try runTiny(into: TestSupport.scratch(), jobs: 2, kernels: nil).outputs
        let dir = try TestSupport.scratch()
        let specPath = dir + "/tiny.yaml"
        try TestSupport.tinyYAML.write(toFile: specPath, atomically: true, encoding: .utf8)
        var shardFiles: [String] = []
        for i in 1...3 {
            let job = SweepJob(specPath: specPath, reportsDirectory: dir, runner: SweepRunner(jobs: 1))
            shardFiles += try job.run(shard: Shard(index: i, count: 3)).files
        }
        XCTAssertThrowsError(try SweepJob(specPath: specPath, reportsDirectory: dir).merge(Array(shardFiles.prefix(2))))
        try SweepJob(specPath: specPath, reportsDirectory: dir).merge(shardFiles.reversed())
        // The report manifest differs only in the spec's path (its source).
        for name in single.keys.sorted() where !name.hasPrefix(".reports/") && (name.hasSuffix(".csv") || name.hasSuffix(".json") || name.hasSuffix(".svg")) {
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "/" + name), single[name], name)
        }
        // The markdown differs only in the spec's file name.
        let merged = try TestSupport.read(dir + "/tiny.md").replacingOccurrences(of: specPath, with: "tiny.yaml")
        XCTAssertEqual(merged, String(decoding: single["tiny.md"]!, as: UTF8.self))
    }

    func testReportMarksTheBestCellAndHasProvenance() throws {
        let dir = try TestSupport.scratch()
        _ = try runTiny(into: dir, jobs: 2, kernels: nil)
        let md = try TestSupport.read(dir + "/tiny.md")
        let json = try SweepResults.load(path: dir + "/tiny.json")
        // In the QSNR table row "normal · none · nearest-even", the best format is bold.
        let qsnr = MetricColumn.named("qsnr_db")!
        let row = json.cells.filter { $0.data == "normal" && $0.transform == "none" && $0.rounding == "nearest-even" }
        let best = row.max { qsnr.value($0)! < qsnr.value($1)! }!
        let bestText = "**" + ReportTables.display(qsnr, qsnr.value(best)) + "**"
        let line = md.split(separator: "\n").first { $0.hasPrefix("| normal · none · nearest-even |") }!
        XCTAssertTrue(line.contains(bestText), "\(line) lacks \(bestText)")
        XCTAssertTrue(md.contains("| MPFR version | \(SweepRunner.linkedMPFRVersion) |"))
        XCTAssertTrue(md.contains(SHA256.hex(TestSupport.tinyYAML)))
        XCTAssertTrue(md.contains("![QSNR per format and data (transform none)](tiny-qsnr-by-format.svg)"))
        XCTAssertFalse(md.contains("2026"), "reports carry no date")
    }

    func testAtomicWritesLeaveNoTemporaryFiles() throws {
        let dir = try TestSupport.scratch()
        _ = try runTiny(into: dir, jobs: 2, kernels: nil)
        let temporaries = TestSupport.files(in: dir).filter { $0.contains(".tmp-") }
        XCTAssertEqual(temporaries, [])
        XCTAssertEqual(TestSupport.files(in: dir).filter { $0.hasPrefix(".cache/") && $0.hasSuffix(".json") }.count, 24)
    }

    func testCellFailureIsOneLine() throws {
        // A block scale that E4M3 cannot hold (amax / 7 > 448): found only when the data is quantized.
        let spec = try SweepSpec(yaml: "data: [\"normal(shape=4x32, std=1e6)\"]\ncells:\n  - {data: normal, format: \"scaled(int4, block=32, scale=fp:e4m3:fn)\"}\n", file: "f.yaml")
        XCTAssertThrowsError(try SweepRunner(jobs: 1).run(spec)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("cell 0 (normal · none · scaled(int4, block=32, scale=fp:e4m3:fn) · nearest-even): "), text)
            XCTAssertFalse(text.contains("\n"))
        }
    }
}
