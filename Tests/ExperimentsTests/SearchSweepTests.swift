import Formats
import Tensors
import XCTest
@testable import Experiments
@testable import Reports
@testable import Workflows

/// Searches run from YAML sweeps and analyze: the chosen format is what is measured, the report
/// shows the choices and curves, results are the same bits for any thread setting, and missing
/// activations are refused before any work.
final class SearchSweepTests: XCTestCase {
    /// A weight [24, 32] and its layer's activations [40, 32] as .npy files; the sweep's YAML.
    func fixture(_ dir: String) throws -> String {
        let w = (0 ..< 24 * 32).map { i -> Float in Float(sin(Double(i) * 0.71)) * (i % 32 == 5 ? 3 : 0.5) }
        let x = (0 ..< 40 * 32).map { i -> Float in Float(cos(Double(i) * 0.29)) * (i % 32 == 7 ? 12 : 1) }
        try NPYFile.write(Tensor(shape: [24, 32], values: w), to: dir + "/w.npy")
        try NPYFile.write(Tensor(shape: [40, 32], values: x), to: dir + "/x.npy")
        return """
        title: Searches
        seed: 3
        data:
          - normal(shape=16x64)
          - {name: layer, source: \(dir)/w.npy, activations: \(dir)/x.npy}
        formats:
          - "search(power:4:A, A=0.2..1.0/17, per=row)"
          - "search(fp:4, bias=0.2..1.2/11, rounds=3)"
          - power:4:1/tensor
        cells:
          - {data: layer, format: "search(fp:4, bias=0.2..1.2/11, objective=output, rounds=3, per=row)"}
        charts: [search_curve]

        """
    }

    func run(_ yaml: String, dir: String, jobs: Int, kernels: Int?) throws -> (SweepResults, [String: Data]) {
        let spec = try SweepSpec(yaml: yaml, file: "searches.yaml")
        let results = try SweepRunner(jobs: jobs, kernelConcurrency: kernels).run(spec).results
        let out = dir + "/out-\(jobs)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try ReportWriter.write(results: results, spec: spec, name: "s", directory: out)
        var files: [String: Data] = [:]
        for f in TestSupport.files(in: out) { files[f] = FileManager.default.contents(atPath: out + "/" + f) }
        return (results, files)
    }

    func testSweepWithSearchesReportsChoicesAndIsDeterministic() throws {
        let dir = try TestSupport.scratch()
        let yaml = try fixture(dir)
        let (results, files) = try run(yaml, dir: dir, jobs: 1, kernels: 1)
        let (_, again) = try run(yaml, dir: dir, jobs: 3, kernels: nil)
        XCTAssertEqual(files, again)
        XCTAssertEqual(results.cells.count, 1)   // explicit cells replace the product
        let t = try XCTUnwrap(results.cells[0].tensors.first)
        let report = try XCTUnwrap(t.search)
        XCTAssertEqual(report.objective, "output")
        XCTAssertEqual(report.operands.map(\.operand), ["tensor", "activations"])
        XCTAssertEqual(report.operands[0].groups, 24)
        XCTAssertLessThanOrEqual(report.mse, report.startMSE)
        let md = String(decoding: try XCTUnwrap(files["s.md"]), as: UTF8.self)
        XCTAssertTrue(md.contains("## Searches"))
        XCTAssertTrue(md.contains("layer output"))
        XCTAssertNotNil(files["s-search-curve.svg"])
    }

    func testProductSweepMeasuresTheChosenFormat() throws {
        let dir = try TestSupport.scratch()
        var yaml = try fixture(dir)
        yaml = yaml.components(separatedBy: "cells:")[0] + "charts: [search_curve]\n"
        let (results, files) = try run(yaml, dir: dir, jobs: 2, kernels: nil)
        XCTAssertEqual(results.cells.count, 6)
        for cell in results.cells where cell.format.hasPrefix("search(fp") {
            let t = try XCTUnwrap(cell.tensors.first)
            let chosen = try XCTUnwrap(t.search?.operands[0].chosenSpec)
            let x = try TensorSource(parsing: cell.source, defaultSeed: 3).load()[0].tensor
            let q = try FormatRegistry.tensorFormat(chosen).fakeQuantize(x.values, shape: x.shape)
            let mse = zip(x.values, q).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(x.count)
            XCTAssertEqual(t.original.mse, mse, accuracy: mse * 1e-9)
            XCTAssertEqual(t.search?.mse ?? 0, mse, accuracy: mse * 1e-9)
        }
        let md = String(decoding: try XCTUnwrap(files["s.md"]), as: UTF8.self)
        XCTAssertTrue(md.contains("A median"))
    }

    func testWeightsPairWithTheirNamedInputs() throws {
        let dir = try TestSupport.scratch()
        let w1 = (0 ..< 8 * 16).map { Float(sin(Double($0) * 0.3)) }, w2 = (0 ..< 4 * 16).map { Float(cos(Double($0) * 0.7)) }
        let x1 = (0 ..< 12 * 16).map { Float(sin(Double($0) * 0.11)) * 3 }, x2 = (0 ..< 12 * 16).map { Float(($0 * 7) % 13) - 6 }
        try SafetensorsFile.write([("a.weight", Tensor(shape: [8, 16], values: w1)), ("b.weight", Tensor(shape: [4, 16], values: w2))], metadata: [:], to: dir + "/w.safetensors")
        try SafetensorsFile.write([("a.input", Tensor(shape: [12, 16], values: x1)), ("b.input", Tensor(shape: [12, 16], values: x2))], metadata: [:], to: dir + "/x.safetensors")
        let yaml = """
        data:
          - {name: layers, source: "\(dir)/w.safetensors:*.weight", activations: \(dir)/x.safetensors}
        formats: ["search(fp:4, objective=output, per=row, bias=0.5..1.2/8)", "search(fp:4, formats=[e2m1], objective=output, rounds=0)"]

        """
        let results = try SweepRunner(jobs: 1).run(try SweepSpec(yaml: yaml, file: "pairs.yaml")).results
        for cell in results.cells {
            XCTAssertEqual(cell.tensors.map(\.name), ["a.weight", "b.weight"])
            XCTAssertEqual(cell.tensors.map { $0.search?.operands[0].groups }, cell.format.contains("rounds=0") ? [1, 1] : [8, 4])
        }
        let baseline = try XCTUnwrap(results.cells[1].tensors[0].search)
        XCTAssertEqual(baseline.rounds, 0)
        XCTAssertEqual(baseline.mse, baseline.startMSE)
        XCTAssertEqual(baseline.operands[0].chosenSpec, "fpq(e2m1)")
        // b's output error uses b.input: the same search on b alone with x2 gives the same report.
        let alone = try FormatRegistry.tensorFormat("search(fp:4, objective=output, per=row, bias=0.5..1.2/8)") as! SearchFormat
        let bound = try alone.binding(SearchActivations(values: x2, shape: [12, 16]))
        let direct = try w2.withUnsafeBufferPointer { try bound.search($0, shape: [4, 16], mode: .nearestEven, seed: 0) }
        XCTAssertEqual(direct.report.operands[0].chosen, results.cells[0].tensors[1].search?.operands[0].chosen)
        // A weight without its input is refused when the spec is read.
        try SafetensorsFile.write([("a.input", Tensor(shape: [12, 16], values: x1)), ("c.input", Tensor(shape: [12, 16], values: x2))], metadata: [:], to: dir + "/y.safetensors")
        XCTAssertThrowsError(try SweepSpec(yaml: yaml.replacingOccurrences(of: "x.safetensors", with: "y.safetensors"), file: "pairs.yaml")) {
            XCTAssertTrue("\($0)".contains("hold no tensor for"), "\($0)")
        }
    }

    func testOutputSearchWithoutActivationsIsRefusedWhenRead() throws {
        let yaml = """
        data: [normal(shape=8x32)]
        formats: ["search(fp:4, objective=output)"]

        """
        XCTAssertThrowsError(try SweepSpec(yaml: yaml, file: "bad.yaml")) { error in
            XCTAssertTrue("\(error)".contains("needs the layer's input activations"), "\(error)")
            XCTAssertTrue("\(error)".contains("bad.yaml:2"), "\(error)")
        }
        let analysis = Analysis(formats: ["search(fp:4, objective=output)"], source: "normal(shape=8x32)")
        XCTAssertThrowsError(try analysis.spec()) { XCTAssertTrue("\($0)".contains("--activations"), "\($0)") }
    }

    func testAnalyzePrintsTheChoice() throws {
        let dir = try TestSupport.scratch()
        _ = try fixture(dir)
        let analysis = Analysis(formats: ["search(fp:4, bias=0.2..1.2/11, objective=output, act=none, per=row)"], source: dir + "/w.npy",
                                activations: dir + "/x.npy")
        let text = SearchSummary.text(try analysis.run())
        XCTAssertTrue(text.contains("layer output MSE"), text)
        XCTAssertTrue(text.contains("tensor (24 groups): format"), text)
    }
}
