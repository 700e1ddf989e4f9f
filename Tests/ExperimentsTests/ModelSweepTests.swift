import Experiments
import Foundation
import Models
import Workflows
import XCTest

/// `model:` data entries: spec errors with file, line and key; a missing model names the fetch
/// command; a sweep of model cells is deterministic, cached, and reports model-level and per-site metrics.
final class ModelSweepTests: XCTestCase {
    /// Skips (or fails with QUANTLAB_REQUIRE_MODEL=1) without the fetched model.
    func requireModel(file: StaticString = #filePath, line: UInt = #line) throws {
        let cache = ModelCache()
        guard cache.isPresent(.miniLM) else {
            let message = "all-MiniLM-L6-v2 is not in \(cache.folder(for: .miniLM)); run `quantlab model fetch minilm` to run this test"
            if ProcessInfo.processInfo.environment["QUANTLAB_REQUIRE_MODEL"] == "1" { XCTFail(message, file: file, line: line) }
            throw XCTSkip(message)
        }
    }

    var corpus: String { TestSupport.repositoryRoot.appendingPathComponent("Experiments/data").path }

    func error(_ yaml: String, catalog: ModelSweepCatalog = ModelSweepCatalog()) -> String {
        do {
            _ = try SweepSpec(yaml: yaml, file: "bad.yaml", models: catalog)
            return "no error"
        } catch { return "\(error)" }
    }

    func entry(_ lines: String) -> String { "data:\n  - model: minilm\n    corpus: \(corpus)\n" + lines }

    func testMissingModelNamesTheFetchCommand() throws {
        let empty = try TestSupport.scratch()
        let e = error(entry("    weights: [int8/ch0]\n"), catalog: ModelSweepCatalog(cache: ModelCache(root: empty)))
        XCTAssertTrue(e.hasPrefix("bad.yaml:2: data[0].model: model file \(empty)/models/all-minilm-l6-v2/model.safetensors is missing; run `quantlab model fetch minilm`"), e)
        XCTAssertFalse(e.contains("\n"))
    }

    func testModelDataWithoutCatalogIsRefused() {
        let e = (try? SweepSpec(yaml: "data:\n  - model: minilm\n", file: "bad.yaml")).map { _ in "no error" } ?? "error"
        XCTAssertEqual(e, "error")
    }

    func testBadKeysNameFileLineAndKey() throws {
        try requireModel()
        var cases: [(String, String)] = [
            (entry("    weight: [int8/ch0]\n"), "bad.yaml:4: data[0].weight: unknown key; did you mean 'weights'?"),
            (entry("    weights: [int9x]\n"), "bad.yaml:4: data[0].weights[0]: "),
            (entry("    weights: [int8/ch0, int8/ch0]\n"), "bad.yaml:4: data[0].weights[1]: 'int8/ch0' listed twice"),
            (entry("    activations: [int4/g512]\n"), "bad.yaml:4: data[0].activations[0]: format 'int4/g512' cannot apply to site layer.0.qkv: its block of 512"),
            (entry("    weights: [int8/ch1]\n"), "bad.yaml:4: data[0].weights[0]: format 'int8/ch1' cannot apply to site layer.0.qkv"),
            (entry("    sentences: 1\n"), "bad.yaml:4: data[0].sentences: must be in 2...350"),
            (entry("    exceptions: [\"layer.*.mlp:a=int8\"]\n"), "bad.yaml:4: data[0].exceptions[0]: bad option 'layer.*.mlp:a=int8'"),
            (entry("    accumulator: int8\n"), "bad.yaml:4: data[0].accumulator: bad option 'accumulator int8'"),
            (entry("    promotion: 64\n"), "bad.yaml:4: data[0].promotion: needs an accumulator"),
            ("data:\n  - model: minilm\n    corpus: /nonexistent/corpus.txt\n", "bad.yaml:3: data[0].corpus: corpus '/nonexistent/corpus.txt' does not exist"),
            ("data:\n  - model: gpt\n", "bad.yaml:2: data[0].model: unknown model 'gpt'; known: minilm"),
            (entry("transforms: [none, \"hadamard:full\"]\n"), "bad.yaml:4: transforms[1]: model data 'minilm': the reduction axis of 384 cannot take it"),
            (entry("") + "  - model: minilm\n", "bad.yaml:4: data[1]: data name 'minilm' given twice"),
            // Keys that only tensor data use were silently ignored when every entry is a model.
            (entry("") + "formats: [mxfp4]\n", "bad.yaml:4: formats: the data are all model entries, which take their formats from their own `weights:` and `activations:`"),
            (entry("") + "charts: [qsnr_vs_bits]\n", "bad.yaml:4: charts: the data are all model entries, whose report draws its own charts"),
            (entry("") + "cells: []\n", "bad.yaml:4: cells: the data are all model entries"),
        ]
        let badText = try TestSupport.scratch() + "/bad.txt"
        try Data([0x61, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: badText))
        cases.append(("data:\n  - model: minilm\n    corpus: \(badText)\n", "bad.yaml:3: data[0].corpus: corpus file '\(badText)': line 2 is not valid UTF-8"))
        for (yaml, prefix) in cases {
            let e = error(yaml)
            XCTAssertTrue(e.hasPrefix(prefix), "\(e)\nexpected: \(prefix)")
        }
    }

    func testCellsAreTheProductOfTransformsWeightsActivations() throws {
        try requireModel()
        let spec = try SweepSpec(yaml: entry("    sentences: 30\n    weights: [int8/ch0, mxfp4]\n    activations: [fp32, int8/ch0]\n")
                                 + "transforms: [none, \"hadamard:32:random\"]\n", file: "m.yaml", models: ModelSweepCatalog())
        let cells = spec.modelCells()
        XCTAssertEqual(cells.count, 8)
        XCTAssertEqual(cells.map(\.index), Array(0..<8))
        XCTAssertEqual(cells[1].formatText, "w=int8/ch0 a=int8/ch0")
        XCTAssertEqual(Set(cells.map(\.hash)).count, 8)
        XCTAssertTrue(cells[0].key.contains("sentences=30"))
        XCTAssertTrue(cells[0].key.contains("model=minilm@sha256:"))
    }

    /// One W4A8 cell on 9 sentences: model metrics and 48 per-site measurements; a rerun reads the
    /// cache (nothing computed, the same report bytes); a fresh run computes the same bytes again.
    func testModelSweepIsDeterministicAndCached() throws {
        try requireModel()
        let dir = try TestSupport.scratch()
        let spec = dir + "/m.yaml"
        try (entry("    sentences: 9\n    weights: [int4/ch0]\n    activations: [int8/ch0]\n")).write(toFile: spec, atomically: true, encoding: .utf8)
        let job = SweepJob(specPath: spec, reportsDirectory: dir + "/r")
        let first = try job.run()
        XCTAssertEqual(first.computed, 1)
        let json = try Data(contentsOf: URL(fileURLWithPath: dir + "/r/m.json"))
        let results = try SweepResults.load(path: dir + "/r/m.json")
        let cell = try XCTUnwrap(results.cells.first)
        let model = try XCTUnwrap(cell.model)
        XCTAssertEqual(model.sentences, 9)
        XCTAssertEqual(model.layerQSNR.count, 6)
        XCTAssertTrue(model.layerQSNR.allSatisfy { $0.isFinite && $0 > 0 }, "\(model.layerQSNR)")
        XCTAssertGreaterThan(model.meanCosine, 0.8)
        XCTAssertLessThan(model.meanCosine, 1)
        XCTAssertEqual(cell.tensors.count, 48)
        XCTAssertEqual(cell.tensors[0].name, "layer.0.qkv.weights")
        XCTAssertEqual(cell.tensors[0].shape, [1152, 384])
        XCTAssertEqual(cell.tensors[7].name, "layer.0.ffn_out.activations")
        XCTAssertEqual(cell.tensors[7].shape[1], 1536)
        let md = try String(contentsOfFile: dir + "/r/m.md", encoding: .utf8)
        XCTAssertTrue(md.contains("## Model fidelity"))
        XCTAssertTrue(md.contains("| layer.5.ffn_out · activations |"))
        XCTAssertEqual(try job.run().computed, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/r/m.json")), json)
        var fresh = job
        fresh.runner.fresh = true
        XCTAssertEqual(try fresh.run().computed, 1)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/r/m.json")), json)
    }
}

extension ModelSweepTests {
    /// Two shards of a two-cell model sweep merge into the report a single run writes.
    func testShardsOfAModelSweepMerge() throws {
        try requireModel()
        let dir = try TestSupport.scratch()
        let spec = dir + "/s.yaml"
        try (entry("    sentences: 6\n    weights: [int8/ch0]\n    activations: [fp32, int8/ch0]\n")).write(toFile: spec, atomically: true, encoding: .utf8)
        let job = SweepJob(specPath: spec, reportsDirectory: dir + "/r")
        let parts = try [Shard(index: 1, count: 2), Shard(index: 2, count: 2)].map { shard -> String in
            XCTAssertEqual(try job.run(shard: shard).computed, 1)
            return dir + "/r/" + SweepJob.shardFileName(name: "s", shard: shard)
        }
        _ = try job.merge(parts)
        let merged = try Data(contentsOf: URL(fileURLWithPath: dir + "/r/s.json"))
        XCTAssertEqual(try job.run().computed, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/r/s.json")), merged)
        XCTAssertThrowsError(try job.merge([parts[0]])) { XCTAssertTrue("\($0)".contains("1 of 2 cells missing"), "\($0)") }
    }
}
