import Foundation
import Tensors
import XCTest
@testable import Experiments

/// Matrix-product data in sweeps: parsing, errors (file, line, key, before any work), cells and
/// keys, and deterministic results.
final class GemmSweepTests: XCTestCase {
    static let yaml = """
    title: products
    seed: 2
    data:
      - gemm: {name: gauss, a: "normal(std=1)", b: "uniform(low=0, high=1)", m: 4, n: 16, k: [64, 256]}
      - normal(shape=4x64)
    formats: [mxfp8_e4m3, nvfp4]
    accumulators: [fp32, "fp:e8m13", exact]
    accumulator_rounding: [nearest-even, toward-zero]
    promote: [none, 32]

    """

    private func error(_ yaml: String) -> String { TestSupport.specError(yaml) }

    func testParsesEntriesAxesAndCells() throws {
        let spec = try SweepSpec(yaml: Self.yaml, file: "g.yaml")
        XCTAssertEqual(spec.data.map(\.name), ["gauss K=64", "gauss K=256", "normal"])
        let g = try XCTUnwrap(spec.data[1].gemm)
        XCTAssertEqual([g.m, g.n, g.k], [4, 16, 256])
        XCTAssertEqual(spec.data[1].source.description, "normal(shape=4x256, mean=0, std=1, seed=2)")
        XCTAssertEqual(g.b.description, "uniform(shape=16x256, low=0, high=1, seed=3)")
        // fp32 and fp:e8m13 x 2 roundings x 2 promotions, exact once.
        XCTAssertEqual(spec.accumulatorChoices.map(\.description),
                       ["fp32", "fp32 · promote 32", "fp32 toward-zero", "fp32 toward-zero · promote 32",
                        "fp:e8m13", "fp:e8m13 · promote 32", "fp:e8m13 toward-zero", "fp:e8m13 toward-zero · promote 32", "exact"])
        let cells = spec.cells()
        XCTAssertEqual(cells.count, 2 * 2 * 9 + 2)
        XCTAssertEqual(cells.filter { $0.accumulator == nil }.map(\.data.name), ["normal", "normal"])
        XCTAssertEqual(Set(cells.map(\.key)).count, cells.count, "every cell key differs")
        XCTAssertEqual(spec.metrics.map(\.id), MetricColumn.productDefaultIDs)
        // The tensor cells' keys are those of a sweep without the product entry.
        let plain = try SweepSpec(yaml: "seed: 2\ndata: [normal(shape=4x64)]\nformats: [mxfp8_e4m3, nvfp4]\n", file: "p.yaml")
        XCTAssertEqual(plain.cells().map(\.key), cells.filter { $0.accumulator == nil }.map(\.key))
    }

    func testExplicitCellsPickAnAccumulator() throws {
        let yaml = Self.yaml + "cells:\n  - {data: gauss K=64, format: nvfp4, accumulator: 6}\n  - {data: normal, format: nvfp4}\n  - {data: gauss K=256, format: nvfp4}\n"
        let cells = try SweepSpec(yaml: yaml, file: "g.yaml").cells()
        XCTAssertEqual(cells.map { $0.accumulator?.description }, ["fp:e8m13 toward-zero", nil, "fp32"])
    }

    func testBadEntriesNameFileLineAndKey() {
        let head = "data:\n  - gemm: "
        let cases: [(String, String)] = [
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8, kk: 3}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm.kk: unknown key; did you mean 'k'?"),
            (head + "{b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm: missing key 'a'"),
            (head + "{a: normal(shape=2x8), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm.a: give the sizes as m, n and k"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm.a: a distribution operand needs m and k"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: [8, 8]}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm.k: K = 8 listed twice"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 0}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm.k: 0 is not in 1...1048576"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8, a_format: int8, b_format: int4}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm.b_format: a_format and b_format both fixed"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8, a_format: int99}\nformats: [int8]\n", "bad.yaml:2: data[0].gemm.a_format:"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8/ch2]\n", "bad.yaml:3: formats[0]: data 'normal·normal' operand A (shape (2, 8))"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\naccumulators: [fp32, \"fp:e8m24\"]\n", "bad.yaml:4: accumulators[1]: accumulator 'fp:e8m24': mantissa bits 24"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\naccumulators: [fp32, bf61]\n", "bad.yaml:4: accumulators[1]: accumulator 'bf61': unknown format"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\naccumulator_rounding: [stochastic]\n", "bad.yaml:4: accumulator_rounding[0]: accumulator rounding 'stochastic' is not supported"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\npromote: [none, 0]\n", "bad.yaml:4: promote[1]: promotion interval '0'"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\npromote: []\n", "bad.yaml:4: promote: empty"),
            ("data: [normal(shape=2x8)]\nformats: [int8]\naccumulators: [bf16]\n", "bad.yaml:3: accumulators: applies to matrix-product data only"),
            (head + "{a: normal(), b: normal(), m: 2, n: 2, k: 8}\nformats: [int8]\ncells:\n  - {data: normal·normal, format: int8, accumulator: 3}\n",
             "bad.yaml:5: cells[0].accumulator: '3' is not an index of the accumulator axis"),
        ]
        for (yaml, expected) in cases {
            let e = error(yaml)
            XCTAssertTrue(e.hasPrefix(expected), "\(yaml)\n→ \(e)")
            XCTAssertEqual(e.split(separator: "\n").count, 1, e)
        }
    }

    func testFileOperandsAreKeyedByContentAndShapeChecked() throws {
        let dir = try TestSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ name: String, _ shape: [Int], _ offset: Float) throws {
            let t = Tensor(shape: shape, values: (0 ..< shape.reduce(1, *)).map { Float($0 % 13) / 7 + offset })
            try Data(NPYFile.encode(t)).write(to: URL(fileURLWithPath: "\(dir)/\(name)"))
        }
        try write("a.npy", [3, 64], 0); try write("b.npy", [5, 64], 1); try write("c.npy", [5, 32], 1)
        let yaml = "data:\n  - gemm: {a: \(dir)/a.npy, b: \(dir)/b.npy}\nformats: [mxint8]\n"
        let before = try SweepSpec(yaml: yaml, file: "g.yaml", sources: SourceIndex()).cells().map(\.key)
        try write("b.npy", [5, 64], 2)
        let after = try SweepSpec(yaml: yaml, file: "g.yaml", sources: SourceIndex()).cells().map(\.key)
        XCTAssertNotEqual(before, after, "rewriting B changes the key")
        XCTAssertTrue(error("data:\n  - gemm: {a: \(dir)/a.npy, b: \(dir)/c.npy}\nformats: [mxint8]\n").contains("data[0].gemm.b: K mismatch"))
        XCTAssertTrue(error("data:\n  - gemm: {a: \(dir)/a.npy, b: \(dir)/b.npy, k: 32}\nformats: [mxint8]\n").contains("data[0].gemm.a: \(dir)/a.npy has K = 64, not k = 32"))
    }

    func testResultsAreDeterministic() throws {
        let spec = try SweepSpec(yaml: Self.yaml, file: "g.yaml")
        let one = try SweepRunner(jobs: 1, kernelConcurrency: 1).run(spec).results
        let two = try SweepRunner(jobs: 2).run(spec).results
        XCTAssertEqual(try one.encoded(), try two.encoded())
        let products = one.cells.compactMap(\.gemm)
        XCTAssertEqual(products.count, 36)
        // The exact accumulator adds no error; every part adds up per output, so total >= 0 etc.
        for (c, g) in zip(one.cells.filter { $0.gemm != nil }, products) {
            if g.accumulator == "exact" { XCTAssertEqual(g.report.accumulation.sumSquaredError, 0, c.data) }
            XCTAssertEqual(c.tensors.map(\.name), ["A", "B"])
        }
        // Without promotion the 14-bit truncating accumulator errs more than with it, at the larger K.
        func accumulation(_ acc: String) -> Double? {
            one.cells.first { $0.data == "gauss K=256" && $0.format == "mxfp8_e4m3" && $0.gemm?.accumulator == acc }?.gemm?.report.accumulation.meanRelativeError
        }
        XCTAssertGreaterThan(try XCTUnwrap(accumulation("fp:e8m13 toward-zero")), try XCTUnwrap(accumulation("fp:e8m13 toward-zero · promote 32")))
    }
}
