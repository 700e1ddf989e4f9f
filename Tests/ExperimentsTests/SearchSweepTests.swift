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
