import Foundation
import XCTest
@testable import Experiments
@testable import Reports
@testable import Workflows
import Formats
import Metrics
import Tensors

/// `quantlab analyze`: the sweep's cell machinery on one source, its table and its output files.
final class AnalysisTests: XCTestCase {
    let source = "normal(shape=8x64, seed=3)"

    func testEveryMetricMatchesADirectComputation() throws {
        let results = try Analysis(formats: ["mxfp4", "int8/tensor"], source: source).run(runner: SweepRunner(jobs: 1))
        XCTAssertEqual(results.cells.map(\.format), ["mxfp4", "int8/tensor"])
        let x = try TensorSource(parsing: source).load()[0].tensor
        for cell in results.cells {
            let format = try FormatRegistry.tensorFormat(cell.format)
            let q = Tensor(shape: x.shape, values: try format.fakeQuantize(x.values, shape: x.shape))
            let scaled = try XCTUnwrap(format as? ScaledFormat)
            var out = x.values
            let scales = try x.values.withUnsafeBufferPointer { input in
                try out.withUnsafeMutableBufferPointer { try scaled.quantize(input, shape: x.shape, into: $0, mode: .nearestEven, seed: 0) }
            }
            XCTAssertEqual(out, q.values)
            let clip = ClipLimit.perElement(scales.layout.perElement(scaled.saturationBounds(scales).upper))
            let direct = try QuantizationErrorReport(original: x, quantized: q, blockSize: 32, clipLimit: clip)
            XCTAssertEqual(cell.tensors.count, 1)
            XCTAssertNil(cell.tensors[0].rotated)
            XCTAssertEqual(cell.tensors[0].original, direct)
            let expected: [String: Double?] = [
                "mse": direct.mse, "rmse": direct.rmse, "qsnr_db": direct.qsnrDB, "qsnr_rotated_db": direct.qsnrDB,
                "max_abs_error": direct.maxAbsError, "mean_rel_error": direct.meanRelativeError, "cosine": direct.cosineSimilarity,
                "kernel_share": direct.kernelShare, "kernel_share_row_mean": direct.rowKernelShare?.mean,
                "kernel_share_row_max": direct.rowKernelShare?.max, "kernel_share_col_mean": direct.columnKernelShare?.mean,
                "kernel_share_col_max": direct.columnKernelShare?.max, "saturated_share": direct.saturatedShare,
                "crest": direct.original.crestFactor, "block_crest": direct.blockCrestFactor?.median,
                "block_crest_mean": direct.blockCrestFactor?.mean, "block_crest_p90": direct.blockCrestFactor?.p90,
                "kurtosis": direct.original.kurtosis, "bits": format.bitsPerElement,
            ]
            XCTAssertEqual(Set(expected.keys), Set(MetricColumn.all.map(\.id)))
            for metric in MetricColumn.all {
                XCTAssertEqual(metric.value(cell), expected[metric.id]!, "\(cell.format) \(metric.id)")
            }
        }
        // The table shows every metric but the rotated QSNR (nothing was rotated), for every format.
        let table = AnalysisTable.text(results)
        XCTAssertEqual(AnalysisTable.columns(results).count, MetricColumn.all.count - 1)
        for metric in AnalysisTable.columns(results) { XCTAssertTrue(table.contains(metric.header), metric.header) }
        XCTAssertFalse(table.contains("QSNR in rotated domain"))
        XCTAssertTrue(table.contains("mxfp4") && table.contains("int8/tensor"))
        let qsnr = ReportTables.display(MetricColumn.named("qsnr_db")!, results.cells[0].tensors[0].original.qsnrDB)
        XCTAssertTrue(table.contains(qsnr))
    }

    func testRotationAddsTheRotatedDomainAndUsesTheSignSeed() throws {
        let a = try Analysis(formats: ["mxfp4"], source: source, hadamard: "32", randomSigns: 5).run()
        let b = try Analysis(formats: ["mxfp4"], source: source, hadamard: "32", randomSigns: 6).run()
        XCTAssertEqual(a.cells[0].transform, "hadamard:32:random:5")
        XCTAssertNotNil(a.cells[0].tensors[0].rotated)
        XCTAssertNotEqual(a.cells[0].tensors[0].rotated, b.cells[0].tensors[0].rotated)
        XCTAssertTrue(AnalysisTable.text(a).contains("QSNR in rotated domain (dB)"))
        XCTAssertEqual(try TransformSpec(parsing: "hadamard:full:random:9").description, "hadamard:full:random:9")
    }

    func testCSVAndJSONOutputsParse() throws {
        let results = try Analysis(formats: ["mxfp4", "nvfp4", "float8_e4m3fn"], source: source).run()
        let dir = try TestSupport.scratch()
        try AnalysisOutput.write(results, to: dir + "/a.csv")
        try AnalysisOutput.write(results, to: dir + "/a.json")
        let lines = try TestSupport.read(dir + "/a.csv").split(separator: "\n").map { Self.fields(String($0)) }
        XCTAssertEqual(lines.count, 4)
        let header = lines[0]
        XCTAssertEqual(Array(header.suffix(MetricColumn.all.count)), MetricColumn.all.map(\.id))
        XCTAssertEqual(lines[1][header.firstIndex(of: "source")!], "normal(shape=8x64, mean=0, std=1, seed=3)")
        for (row, cell) in zip(lines.dropFirst(), results.cells) {
            XCTAssertEqual(row.count, header.count)
            XCTAssertEqual(row[header.firstIndex(of: "format")!], cell.format)
            let qsnr = Double(row[header.firstIndex(of: "qsnr_db")!])
            XCTAssertEqual(qsnr, MetricColumn.named("qsnr_db")!.value(cell))
        }
        XCTAssertEqual(try SweepResults.load(path: dir + "/a.json"), results)
        XCTAssertEqual(TestSupport.files(in: dir), ["a.csv", "a.json"])  // no temporaries left
    }

    /// The fields of one CSV line (RFC 4180 quoting, no embedded newlines).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false, previous: Character = " "
        for ch in line {
            if ch == "\"" {
                if quoted, previous == "\"" { current.append(ch) }
                quoted.toggle()
            } else if ch == ",", !quoted {
                fields.append(current); current = ""
            } else {
                current.append(ch)
            }
            previous = ch
        }
        return fields + [current]
    }

    func testBadArgumentsAreOneLineErrorsNamingTheValue() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { _ = try AnalysisOutput.kind(of: "out/table.txt") },
                       "bad --output 'out/table.txt': unknown extension 'txt' (expected .csv or .json)")
        XCTAssertEqual(try AnalysisOutput.kind(of: "x.JSON"), .json)
        XCTAssertTrue(message { _ = try Analysis(formats: ["mxfp9"], source: source).spec() }.hasPrefix("bad --format 'mxfp9'"))
        XCTAssertTrue(message { _ = try Analysis(formats: [], source: source).spec() }.hasPrefix("no formats"))
        XCTAssertTrue(message { _ = try Analysis(formats: ["mxfp4"], source: "nope").spec() }.hasPrefix("bad source 'nope'"))
        XCTAssertTrue(message { _ = try Analysis(formats: ["mxfp4"], source: "/no/such.npy").spec() }.contains("does not exist"))
        XCTAssertTrue(message { _ = try Analysis(formats: ["mxfp4"], source: source, rounding: "sideways").spec() }.hasPrefix("bad --rounding 'sideways'"))
        XCTAssertTrue(message { _ = try Analysis(formats: ["mxfp4"], source: source, hadamard: "12").spec() }.hasPrefix("bad --hadamard '12'"))
        XCTAssertEqual(message { _ = try Analysis(formats: ["mxfp4"], source: source, randomSigns: 1).spec() },
                       "--random-signs 1 needs --hadamard K|full")
        XCTAssertTrue(message { _ = try Analysis(formats: ["mxfp4"], source: "normal(shape=4x48)", hadamard: "32").spec() }
            .contains("not a multiple of the Hadamard block 32"))
        for m in [message { _ = try AnalysisOutput.kind(of: "t.txt") }] { XCTAssertFalse(m.contains("\n")) }
    }
}
