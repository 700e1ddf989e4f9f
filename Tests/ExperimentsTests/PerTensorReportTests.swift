import XCTest
@testable import Experiments
@testable import Formats
@testable import Metrics
@testable import Reports
@testable import Tensors
@testable import Workflows

/// A source with several tensors (a safetensors glob) is reported one row per tensor, plus two
/// named aggregate rows: the mean of the per-tensor values (of dB for QSNR) and the pooled value
/// (the metric of all tensors taken as one: error and signal energies summed before the ratio).
final class PerTensorReportTests: XCTestCase {
    static let names = ["layer.0.w", "layer.1.w", "layer.2.w"]

    private func checkpoint(_ dir: String) throws -> [Tensor] {
        let tensors = (0 ..< 3).map { (k: Int) -> Tensor in
            let scale = Float(1 << (3 * k)) / 16
            let values = (0 ..< 128).map { (i: Int) -> Float in Float((i * (7 + 5 * k)) % 29 - 14) * scale }
            return Tensor(shape: [4, 32], values: values)
        }
        try SafetensorsFile.write(zip(Self.names, tensors).map { ($0, $1) }, to: dir + "/m.safetensors")
        return tensors
    }

    func testGlobSourceHasOneRowPerTensorAndNamedAggregates() throws {
        let dir = try TestSupport.scratch()
        let tensors = try checkpoint(dir)
        try "data: [\"\(dir)/m.safetensors:layer.*\"]\nformats: [int8, mxfp4]\nmetrics: [qsnr_db, mse]\n"
            .write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        _ = try SweepJob(specPath: dir + "/s.yaml", reportsDirectory: dir, runner: SweepRunner(jobs: 1)).run()

        let csv = try TestSupport.read(dir + "/s.csv").split(separator: "\n").map(String.init)
        let header = csv[0].split(separator: ",").map(String.init)
        XCTAssertEqual(Array(header[7 ..< 10]), ["tensor", "aggregate", "tensors"])
        let rows = csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.count, 2 * (3 + 2), "per format: three tensor rows, a mean row and a pooled row")
        let int8 = rows.filter { $0[4] == "int8" }
        XCTAssertEqual(int8.map { $0[7] }, Self.names + ["", ""])
        XCTAssertEqual(int8.map { $0[8] }, ["", "", "", "mean", "pooled"])
        XCTAssertEqual(int8.map { $0[9] }, ["1", "1", "1", "3", "3"])
        let q = header.firstIndex(of: "qsnr_db")!
        let perTensor = int8.prefix(3).map { Double($0[q])! }
        XCTAssertEqual(Double(int8[3][q])!, perTensor.reduce(0, +) / 3, accuracy: 1e-12)

        // Pooled QSNR = QSNR of the three tensors as one (int8 has no scale, so q is elementwise).
        let all = tensors.flatMap(\.values)
        let format = try FormatRegistry.tensorFormat("int8")
        let whole = try QuantizationErrorReport(original: all, quantized: format.fakeQuantize(all, shape: [all.count]), rowLength: all.count)
        XCTAssertEqual(Double(int8[4][q])!, whole.qsnrDB, accuracy: 1e-9)
        XCTAssertNotEqual(Double(int8[3][q])!, Double(int8[4][q])!, accuracy: 1e-3, "the two aggregates differ on these tensors")

        let md = try TestSupport.read(dir + "/s.md")
        XCTAssertTrue(md.contains("| data · transform · tensor (QSNR (dB)) |"), md)
        for name in Self.names { XCTAssertTrue(md.contains("| m.safetensors:layer.* · none · \(name) |"), name) }
        XCTAssertTrue(md.contains("| m.safetensors:layer.* · none · mean of dB over 3 tensors |"), md)
        XCTAssertTrue(md.contains("| m.safetensors:layer.* · none · pooled error energy over 3 tensors |"), md)
        XCTAssertTrue(md.contains("| m.safetensors:layer.* · none · mean over 3 tensors |"), "MSE table")
        XCTAssertTrue(md.contains("| m.safetensors:layer.* · none · pooled over 3 tensors |"), "MSE table")
    }

    func testSingleTensorCellsHaveOneRowAndNoAggregates() throws {
        let results = try SweepRunner(jobs: 1).run(try TestSupport.tinySpec()).results
        let csv = CSVExport.text(results).split(separator: "\n")
        XCTAssertEqual(csv.count, 1 + 24)
        XCTAssertTrue(csv[1].hasPrefix("0,normal,\"normal(shape=8x64, mean=0, std=1, seed=11)\",none,int8/tensor,int,nearest-even,\"normal(shape=8x64, mean=0, std=1, seed=11)\",,1,"), String(csv[1]))
    }
}
