import Foundation
import Tensors
import XCTest
@testable import Experiments
@testable import Workflows

/// Notebook study blocks: read with file and line in errors, run by kind, and in order with sweeps.
final class StudyTests: XCTestCase {
    func testStudyBlocksAreReadWithTheirKindsKeysAndLines() throws {
        let spec = try StudySpec(yaml: "study: dyadic-scales\nbits: [8, 16]\nscales: 10\n", file: "n.md", line: 7)
        XCTAssertEqual(spec.kind, "dyadic-scales")
        XCTAssertEqual(spec.numbers("bits"), [8, 16])
        XCTAssertEqual(spec.count("scales"), 10)
        XCTAssertEqual(spec.count("seed"), 1)   // the default
        XCTAssertTrue(StudySpec.isStudy("study: x\n"))
        XCTAssertFalse(StudySpec.isStudy("data: [normal(shape=4x4)]\n"))
        func message(_ yaml: String) -> String { do { _ = try StudySpec(yaml: yaml, file: "n.md", line: 10); return "" } catch { return "\(error)" } }
        XCTAssertTrue(message("study: dyadic\n").contains("unknown study 'dyadic'"))
        XCTAssertTrue(message("study: dyadic-scales\nbitz: [8]\n").contains("n.md:11"))
        XCTAssertTrue(message("study: dyadic-scales\nbits: [8, x]\n").contains("'x' is not a number"))
        XCTAssertTrue(message("study: dyadic-scales\nscales: -3\n").contains("non-negative integer"))
    }

    func testDyadicStudyMeetsItsBounds() throws {
        let output = try StudyRunner.run(try StudySpec(yaml: "study: dyadic-scales\nbits: [8, 31]\nscales: 500\n", file: "n.md"))
        XCTAssertEqual(output.markdown.components(separatedBy: "| yes |").count - 1, 2, output.markdown)
    }

    /// Two layers in the `minilm-files` layout with known integer mantissas.
    func weightMantissa(_ i: Int) -> Int64 { i == 0 ? 32767 : Int64((i * 97) % 2001 - 1000) }
    func inputMantissa(_ i: Int) -> Int64 { i == 5 ? -32767 : Int64((i * 31) % 4001 - 2000) }

    func layerFiles(_ dir: String) throws -> (String, String) {
        // dfp:16 per tensor: amax 32767 * 2^-10 -> E = -10; values k 2^-10 are their own mantissas k.
        let w = (0 ..< 4 * 8).map { Float(weightMantissa($0)) / 1024 }
        let x = (0 ..< 3 * 8).map { Float(inputMantissa($0)) / 1024 }
        try SafetensorsFile.write([("layer.0.a.weight", Tensor(shape: [4, 8], values: w))], to: dir + "/w.safetensors")
        try SafetensorsFile.write([("layer.0.a.input", Tensor(shape: [3, 8], values: x))], to: dir + "/x.safetensors")
        return (dir + "/w.safetensors", dir + "/x.safetensors")
    }

    func testAccumulationStudyFindsTheLargestPartialSum() throws {
        let dir = try TestSupport.scratch()
        let (w, x) = try layerFiles(dir)
        let spec = try StudySpec(yaml: "study: dfp-accumulation\nweights: \(w)\nactivations: \(x)\n", file: "n.md")
        let text = try StudyRunner.run(spec).markdown
        // By hand: the largest |running sum| of sum_k I_x[t,k] I_w[n,k] over all (t, n, k).
        let iw = (0 ..< 32).map(weightMantissa), ix = (0 ..< 24).map(inputMantissa)
        var largest: Int64 = 0
        for t in 0 ..< 3 { for n in 0 ..< 4 {
            var s: Int64 = 0
            for k in 0 ..< 8 { s += ix[t * 8 + k] * iw[n * 8 + k]; largest = max(largest, abs(s)) }
        } }
        XCTAssertTrue(text.contains("| layer.0.a | 8 | 3 x 4 | " + String(format: "%.4f", Double(largest) / Double(Int32.max))), text)
    }

    func testNotebookRunsStudiesInOrderWithSweeps() throws {
        let dir = try TestSupport.scratch()
        let notebook = try Notebook(text: """
        # T

        ```quantlab
        study: dyadic-scales
        bits: [16]
        scales: 50
        ```

        ```quantlab
        data: [normal(shape=4x32)]
        formats: [dfp:8]
        charts: []
        ```
        """, path: dir + "/t.md")
        let summary = try NotebookRunner(reportsDirectory: dir, runner: SweepRunner(jobs: 1)).run(notebook)
        XCTAssertEqual(summary.blocks, 2)
        let md = try TestSupport.read(dir + "/t.md")
        XCTAssertLessThan(try XCTUnwrap(md.range(of: "multiplier bits b")).lowerBound, try XCTUnwrap(md.range(of: "QSNR (dB)")).lowerBound)
    }
}
