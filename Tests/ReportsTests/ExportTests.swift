import XCTest
@testable import Reports
import Experiments
import Metrics

/// CSV and JSON export of results, checked directly.
final class ExportTests: XCTestCase {
    func testCSVHeaderRowsAndQuoting() throws {
        let (_, results) = try ReportFixture.standard()
        let lines = CSVExport.text(results).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, results.cells.count + 2, "header, one row per cell, final newline")
        XCTAssertEqual(lines.last, "")
        XCTAssertEqual(lines[0], "index,data,source,transform,format,family,rounding,tensor,aggregate,tensors," + MetricColumn.all.map(\.id).joined(separator: ","))
        let first = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(first.prefix(2)), ["0", "a"])
        // The general MX spelling holds commas: quoted as one field.
        XCTAssertTrue(lines[1].contains(",none,\"scaled(int:4:sym, block=32, scale=e8m0)\",int,nearest-even,"), String(lines[1]))
        // One tensor: its row names it, is no aggregate, and counts one tensor.
        XCTAssertTrue(lines[1].contains(",nearest-even,\"normal(shape=4x32, mean=0, std=1, seed=0)\",,1,4.25,20.0,"), String(lines[1]))
        XCTAssertEqual(CSVExport.quote("a\"b"), "\"a\"\"b\"")
        XCTAssertEqual(CSVExport.quote("plain"), "plain")
    }

    func testJSONRoundTripsAndIsByteStable() throws {
        let (_, results) = try ReportFixture.standard()
        let data = try results.encoded()
        XCTAssertEqual(data, try results.encoded())
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("\"group\" : \"MX int\""), text)
        XCTAssertTrue(text.contains("\"group\" : \"scaled fp\""))
        let back = try QuantizationErrorReport.makeJSONDecoder().decode(SweepResults.self, from: data)
        XCTAssertEqual(back, results)
        // Keys are sorted: `bitsPerElement` comes before `data` in every cell.
        let cell = try XCTUnwrap(text.range(of: "\"bitsPerElement\"")), data0 = try XCTUnwrap(text.range(of: "\"data\""))
        XCTAssertLessThan(cell.lowerBound, data0.lowerBound)
    }

    func testMetricTableMarksTheBestOfEachRow() throws {
        let (spec, results) = try ReportFixture.standard()
        let table = ReportTables.metric(MetricColumn.named("qsnr_db")!, ResultGrid(results.cells, spec: spec)).text
        XCTAssertTrue(table.contains("| a · none | **20.00** | 19.00 | 18.50 |"), table)
        XCTAssertTrue(table.contains("| b · none | 14.00 | **16.00** | 15.50 |"), table)
    }

    func testModelCellsCarryTheirModelMetricsInTheCSV() throws {
        // A `model:` cell's model-level metrics (cosine, Spearman, top-k, per-layer QSNR) were only in
        // the JSON and the markdown: the CSV, the file people post-process, dropped them.
        var (_, results) = try ReportFixture.standard()
        results.cells[0].model = ModelMetrics(model: "minilm", sentences: 12, weights: "int8/ch0", activations: "int8/ch0",
                                              weightBits: 8, activationBits: 8, exceptions: [], accumulator: nil, promotion: nil,
                                              meanCosine: 0.9972, worstCosine: 0.99, spearman: 0.98, topK: 5, topKAgreement: 0.875,
                                              layerQSNR: [30.5, 28.25])
        let lines = CSVExport.text(results).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        for id in ["model_sentences", "model_mean_cosine", "model_worst_cosine", "model_spearman", "model_top_k", "model_top_k_agreement",
                   "model_layer_0_qsnr_db", "model_layer_1_qsnr_db"] {
            XCTAssertTrue(header.contains(id), "\(id) not in \(header)")
        }
        // The model fields are the last ones (earlier fields may hold quoted commas): index from the end.
        func value(_ row: [String], _ id: String) -> String { row[row.count - (header.count - header.firstIndex(of: id)!)] }
        let modelRow = lines[1], other = lines[2]
        XCTAssertEqual(value(modelRow, "model_mean_cosine"), "0.9972")
        XCTAssertEqual(value(modelRow, "model_top_k"), "5")
        XCTAssertEqual(value(modelRow, "model_layer_1_qsnr_db"), "28.25")
        XCTAssertEqual(value(other, "model_mean_cosine"), "", "a tensor cell has no model metrics")
        // Without model cells the header is unchanged.
        let (_, plain) = try ReportFixture.standard()
        XCTAssertFalse(CSVExport.text(plain).contains("model_"))
    }
}
