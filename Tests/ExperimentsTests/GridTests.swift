import XCTest
@testable import Experiments

final class GridTests: XCTestCase {
    func testProductCountAndOrder() throws {
        let cells = try TestSupport.tinySpec().cells()
        XCTAssertEqual(cells.count, 2 * 2 * 3 * 2)
        XCTAssertEqual(cells.map(\.index), Array(0..<24))
        XCTAssertEqual(cells[0].label, "normal · none · int8/tensor · nearest-even")
        XCTAssertEqual(cells[1].rounding, .stochastic)
        XCTAssertEqual(Set(cells.map(\.hash)).count, 24)
    }

    func testExplicitCellsReplaceTheProduct() throws {
        let spec = try SweepSpec(yaml: """
        data: [normal(shape=4x32), laplace(shape=4x32)]
        rounding: [toward-zero]
        cells:
          - {data: laplace, format: mxfp4, transform: "hadamard:32"}
          - {data: normal, format: int8, rounding: stochastic}
        """, file: "cells.yaml")
        let cells = spec.cells()
        XCTAssertEqual(cells.count, 2)
        XCTAssertEqual(cells[0].label, "laplace · hadamard:32 · mxfp4 · toward-zero")
        XCTAssertEqual(cells[1].label, "normal · none · int8 · stochastic")
    }

    func testShardsPartitionTheCells() throws {
        let cells = try TestSupport.tinySpec().cells()
        let shards = try (1...5).map { try Shard(index: $0, count: 5) }
        for cell in cells { XCTAssertEqual(shards.filter { $0.contains(cell.index) }.count, 1) }
        XCTAssertEqual(try Shard(parsing: "2/4"), try Shard(index: 2, count: 4))
        XCTAssertThrowsError(try Shard(parsing: "5/4"))
        XCTAssertThrowsError(try Shard(parsing: "0/4"))
        XCTAssertThrowsError(try Shard(parsing: "1-4"))
    }

    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
