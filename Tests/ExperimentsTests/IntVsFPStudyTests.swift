import Foundation
import Tensors
import XCTest
@testable import Experiments
@testable import Workflows

/// The "INT v.s. FP" study blocks: the model's crossovers, the per-block bins, the tensor tables.
final class IntVsFPStudyTests: XCTestCase {
    func run(_ yaml: String) throws -> StudyOutput { try StudyRunner.run(try StudySpec(yaml: yaml, file: "n.md")) }

    func testModelStudyComputesTheCrossoversAndLinksItsChart() throws {
        let output = try run("study: int-vs-fp-model\nkappa: [2, 5]\n")
        for row in ["| MX8 | 32 | 7.546 | 31.86 | 7.542 |", "| MX6 | 32 | 1.959 | 31.54 |", "| MX4 | 32 | 2.042 | 19.14 |", "| NV4 | 16 | 2.390 | 21.14 | 2.390 |"] {
            XCTAssertTrue(output.markdown.contains(row), row + "\n" + output.markdown)
        }
        let rows = output.markdown.split(separator: "\n")
        XCTAssertEqual(rows.first { $0.hasPrefix("| 5.00 |") }?.components(separatedBy: "†").count, 2, "kappa 5 is out of reach of a block of 16 only")
        XCTAssertEqual(rows.first { $0.hasPrefix("| 2.00 |") }?.contains("†"), false)
        XCTAssertEqual(output.charts.map(\.fileName), ["model-curves.svg"])
        XCTAssertTrue(output.markdown(chartBase: "nb-b2").contains("](nb-b2-model-curves.svg)"))
        XCTAssertFalse(output.charts[0].svg.contains("<circle"), "model curves are lines only")
    }

    func testBlockStudyBinsEveryBlockOfEveryPair() throws {
        let output = try run("study: int-vs-fp-blocks\ndata: mixture\nrows: 8\nmin_blocks: 5\n")
        // 6 tensors of 8 x 1024: 1536 blocks of 32, 3072 of 16.
        for row in ["| MX8 | `mxint8(sym,rule=rceil)` / `mxfp8_e4m3(rule=rceil)` | 1536 | 7.55 | 7.48 | 100.0 |", "| NV4 | `nvint4` / `nvfp4` | 3072 | 2.39 | 2.15 |"] {
            XCTAssertTrue(output.markdown.contains(row), row + "\n" + output.markdown)
        }
        XCTAssertTrue(output.markdown.contains("out of reach of any block"), output.markdown)
        XCTAssertEqual(output.charts.count, 4)
        XCTAssertTrue(output.charts.allSatisfy { $0.svg.contains("<circle") && $0.svg.contains("<polyline") })
        XCTAssertThrowsError(try run("study: int-vs-fp-blocks\nrule: nearest\n")) { XCTAssertTrue("\($0)".contains("rule 'nearest'")) }
        XCTAssertThrowsError(try run("study: int-vs-fp-blocks\ndata: normal\n")) { XCTAssertTrue("\($0)".contains("data 'normal'")) }
        XCTAssertThrowsError(try run("study: int-vs-fp-model\nkappa: [0.5, 2]\n")) { XCTAssertTrue("\($0)".contains("kappa: a crest factor")) }
        XCTAssertThrowsError(try run("study: int-vs-fp-tensors\nblock_sizes: [32, 0]\n")) { XCTAssertTrue("\($0)".contains("block_sizes: each must be"), "\($0)") }
        XCTAssertThrowsError(try run("study: int-vs-fp-tensors\nblock_sizes: [2.5]\n")) { XCTAssertTrue("\($0)".contains("got 2.5"), "\($0)") }
    }

    func testTensorStudyCountsWinsPerOperand() throws {
        let dir = try TestSupport.scratch()
        var rng = RandomStream(seed: 3)
        let w = (0 ..< 8 * 64).map { _ in Float(rng.nextNormal()) }
        let x = (0 ..< 4 * 64).map { _ in Float(rng.nextNormal()) }
        try SafetensorsFile.write([("layer.0.a.weight", Tensor(shape: [8, 64], values: w))], to: dir + "/w.safetensors")
        try SafetensorsFile.write([("layer.0.a.input", Tensor(shape: [4, 64], values: x))], to: dir + "/x.safetensors")
        let output = try run("study: int-vs-fp-tensors\nweights: \(dir)/w.safetensors\nactivations: \(dir)/x.safetensors\nblock_sizes: [-1, 32]\n")
        XCTAssertTrue(output.markdown.contains("| -1 (row) | none | 12 |"), output.markdown)
        XCTAssertTrue(output.markdown.contains("| 32 | hadamard:32:random | 24 |"), output.markdown)
        // Gaussian tensors: MXINT8 beats MXFP8 on both operands.
        XCTAssertTrue(output.markdown.contains("| MX8 | UE8M0, rceil (paper) | none | 2 | 100.0 | 100.0 | 100.0 |"), output.markdown)
        XCTAssertTrue(output.markdown.contains("| MX8 | UE8M0, floor (OCP) | hadamard:32:random | 2 |"), output.markdown)
    }
}
