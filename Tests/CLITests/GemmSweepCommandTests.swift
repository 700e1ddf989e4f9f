import Foundation
import XCTest

/// A sweep's matrix-product cells measure what `quantlab gemm --report` measures for the same case.
final class GemmSweepCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, shape: [Int], _ values: [Float]) throws {
        try Data(CLI.npy(descr: "<f4", shape: shape, data: CLI.floats(values))).write(to: dir.appendingPathComponent(name))
    }

    func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(path)))
    }

    func testSweepProductMetricsEqualTheGemmReport() throws {
        let k = 96
        try write("a.npy", shape: [5, k], (0 ..< 5 * k).map { Float(($0 * 37 + 11) % 101) / 50 - 0.7 })
        try write("b.npy", shape: [7, k], (0 ..< 7 * k).map { Float(($0 * 53 + 5) % 89) / 40 - 0.9 })
        let yaml = """
        title: gemm check
        seed: 5
        data:
          - gemm: {name: files, a: a.npy, b: b.npy, b_format: nvfp4}
          - gemm: {name: sampled, a: a.npy, b: b.npy, samples: 7}
        transforms: [none, "hadamard:32:random"]
        formats: [mxfp8_e4m3, mxint8]
        accumulators: ["fp:e8m13", bf16, exact]
        accumulator_rounding: [toward-zero]
        promote: [none, 32]

        """
        try yaml.write(to: dir.appendingPathComponent("g.yaml"), atomically: true, encoding: .utf8)
        let sweep = try CLI.run(["sweep", "g.yaml", "--reports", "out"], in: dir)
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let cells = try XCTUnwrap((try json("out/g.json") as? [String: Any])?["cells"] as? [[String: Any]])
        // 2 data x 2 transforms x 2 formats x (2 accumulators x 1 rounding x 2 promotions + exact once).
        XCTAssertEqual(cells.count, 2 * 2 * 2 * 5)
        var compared = 0
        for cell in cells {
            let gemm = try XCTUnwrap(cell["gemm"] as? [String: Any])
            let report = try XCTUnwrap(gemm["report"] as? [String: Any])
            let sampled = cell["data"] as? String == "sampled"
            var arguments = ["gemm", "a.npy", "b.npy", "--a-format", cell["format"] as! String,
                             "--b-format", sampled ? cell["format"] as! String : "nvfp4",
                             "--accumulate", report["accumulator"] as! String, "--accumulate-rounding", report["accumulatorRounding"] as! String,
                             "--seed", "5", "--report", "r\(compared).json"]
            if let p = report["promotion"] as? Int { arguments += ["--promote", String(p)] }
            if sampled { arguments += ["--reference-samples", "7"] }
            // The sweep's random signs are seeded by the sweep seed.
            if cell["transform"] as? String != "none" { arguments += ["--hadamard", "32", "--random-signs", "5"] }
            let run = try CLI.run(arguments, in: dir)
            XCTAssertEqual(run.status, 0, run.stderr)
            let direct = try XCTUnwrap(try json("r\(compared).json") as? [String: Any])
            XCTAssertEqual(report as NSDictionary, direct as NSDictionary, "\(cell["data"]!) \(cell["format"]!) \(gemm["accumulator"]!)")
            compared += 1
        }
        XCTAssertEqual(compared, 40)
        let csv = try String(contentsOf: dir.appendingPathComponent("out/g.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("index,data,source,transform,format,family,rounding,accumulator,b_source,tensor"), csv)
        let md = try String(contentsOf: dir.appendingPathComponent("out/g.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("## product max relative error (%)") && md.contains("files · none · fp:e8m13 toward-zero · promote 32"), md)
    }
}
