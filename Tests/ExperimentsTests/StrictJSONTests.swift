import Foundation
import XCTest
@testable import Experiments
@testable import Workflows
import Tensors

/// Every JSON QuantLab writes loads with a strict parser: numbers are finite numbers or null, never
/// strings such as "Infinity", and the exact non-finite values come back from `nonFinite`.
final class StrictJSONTests: XCTestCase {
    /// Integers in [-127, 127] with amax 127 quantize exactly to int8/tensor: QSNR is +Inf. An
    /// all-zero tensor has no relative error (NaN) and no crest factor (NaN).
    func analysis() throws -> SweepResults {
        let dir = try TestSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try NPYFile.write(Tensor(shape: [2, 32], values: (0 ..< 64).map { Float($0 * 4 - 127).clamped(-127, 127) }), to: dir + "/exact.npy")
        try NPYFile.write(Tensor(shape: [2, 32], values: [Float](repeating: 0, count: 64)), to: dir + "/zero.npy")
        let exact = try Analysis(formats: ["int8/tensor"], source: dir + "/exact.npy").run()
        let zero = try Analysis(formats: ["mxfp4"], source: dir + "/zero.npy").run()
        XCTAssertEqual(exact.cells[0].tensors[0].original.qsnrDB, .infinity)
        XCTAssertTrue(zero.cells[0].tensors[0].original.meanRelativeError.isNaN)
        var both = exact
        both.cells += zero.cells.map { var c = $0; c.index = 1; return c }
        return both
    }

    func testNonFiniteNumbersAreNullWithAFlag() throws {
        let data = try analysis().encoded()
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertFalse(text.contains("Infinity") || text.contains("NaN"), text)
        let top = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cells = try XCTUnwrap(top["cells"] as? [[String: Any]])
        let exact = try XCTUnwrap((cells[0]["tensors"] as? [[String: Any]])?.first?["original"] as? [String: Any])
        XCTAssertTrue(exact["qsnrDB"] is NSNull)
        XCTAssertEqual(exact["nonFinite"] as? [String: String], ["qsnrDB": "inf"])
        let zero = try XCTUnwrap((cells[1]["tensors"] as? [[String: Any]])?.first?["original"] as? [String: Any])
        XCTAssertEqual((zero["nonFinite"] as? [String: String])?["meanRelativeError"], "nan")
        XCTAssertTrue(zero["meanRelativeError"] is NSNull)
        // Every other number is a JSON number.
        func check(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for (key, item) in object where key != "nonFinite" { check(item, path + "/" + key) }
            } else if let array = value as? [Any] {
                for (i, item) in array.enumerated() { check(item, path + "/\(i)") }
            } else if let string = value as? String {
                XCTAssertNil(Double(string), "\(path) is a number written as a string")
                XCTAssertFalse(["inf", "-inf", "nan"].contains(string.lowercased()), path)
            }
        }
        check(top, "")
    }

    func testRoundTripIsExactThroughFilesAndTheCache() throws {
        let results = try analysis()
        let data = try results.encoded()
        let back = try StrictJSON.decode(SweepResults.self, from: data)
        XCTAssertEqual(try back.encoded(), data)
        XCTAssertEqual(back.cells[0].tensors[0].original.qsnrDB, .infinity)
        XCTAssertTrue(back.cells[1].tensors[0].original.meanRelativeError.isNaN)
        let compact = try StrictJSON.encode(results.cells[1])
        XCTAssertEqual(try StrictJSON.encode(StrictJSON.decode(CellResult.self, from: compact)), compact)
    }

    func testPointersInArraysAndNegativeInfinity() throws {
        struct Sample: Codable, Equatable { var values: [Double]; var nested: [String: Double]; var plain: Double? }
        let sample = Sample(values: [1, -.infinity, 2], nested: ["a/b": .infinity], plain: nil)
        let data = try StrictJSON.encode(sample)
        let top = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(top["values"] as? [NSObject], [1 as NSNumber, NSNull(), 2 as NSNumber])
        XCTAssertEqual(top["nonFinite"] as? [String: String], ["values/1": "-inf"])
        XCTAssertEqual((top["nested"] as? [String: Any])?["nonFinite"] as? [String: String], ["a~1b": "inf"])
        XCTAssertEqual(try StrictJSON.decode(Sample.self, from: data), sample)
    }

    func testMalformedJSONThrowsInsteadOfCrashing() {
        for text in ["", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "nul", "\"abc", "[" + String(repeating: "[", count: 100_000), "01", "1e", "{\"a\":1}}"] {
            XCTAssertThrowsError(try StrictJSON.decode([String: Double].self, from: Data(text.utf8)), text.prefix(20).description)
        }
    }
}

private extension Float {
    func clamped(_ lo: Float, _ hi: Float) -> Float { Swift.min(hi, Swift.max(lo, self)) }
}
