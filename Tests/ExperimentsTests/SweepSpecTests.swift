import XCTest
@testable import Experiments

/// Spec errors name the file, the line and the key, before any work starts.
final class SweepSpecTests: XCTestCase {
    private func error(_ yaml: String) -> String { TestSupport.specError(yaml) }

    func testValidSpecParses() throws {
        let spec = try TestSupport.tinySpec()
        XCTAssertEqual(spec.title, "Tiny")
        XCTAssertEqual(spec.seed, 11)
        XCTAssertEqual(spec.data.map(\.name), ["normal", "heavy"])
        XCTAssertEqual(spec.transforms, [.none, .hadamard(block: 32, random: true)])
        XCTAssertEqual(spec.rounding, [.nearestEven, .stochastic])
        XCTAssertEqual(spec.metrics.map(\.id), MetricColumn.defaultIDs)
    }

    func testUnknownKeyNamesLineAndKey() {
        let e = error("title: x\ndata: [normal(shape=4x32)]\nformats: [int8]\nformat: [int4]\n")
        XCTAssertTrue(e.hasPrefix("bad.yaml:4: format: unknown key; did you mean 'formats'?"), e)
    }

    func testWrongTypeNamesLineAndKey() {
        XCTAssertTrue(error("data: normal(shape=4x32)\nformats: [int8]\n").hasPrefix("bad.yaml:1: data: expected a list"))
        XCTAssertTrue(error("seed: seven\ndata: [normal(shape=4x32)]\nformats: [int8]\n").hasPrefix("bad.yaml:1: seed: expected a non-negative integer"))
        XCTAssertTrue(error("data: [normal(shape=4x32)]\nformats:\n  - int8\n  - [int4]\n").hasPrefix("bad.yaml:4: formats[1]: expected a string"))
    }

    func testUnknownFormatIsValidatedByTheRegistry() {
        let e = error("data: [normal(shape=4x32)]\nformats:\n  - int8\n  - mxfp5\n")
        XCTAssertTrue(e.hasPrefix("bad.yaml:4: formats[1]: unknown format 'mxfp5'"), e)
    }

    func testBadDataSources() {
        XCTAssertTrue(error("data:\n  - normal(shape=4x32)\n  - gauss(shape=4x32)\nformats: [int8]\n").hasPrefix("bad.yaml:3: data[1]:"))
        XCTAssertTrue(error("data:\n  - /nonexistent/x.npy\nformats: [int8]\n").hasPrefix("bad.yaml:2: data[0]: file '/nonexistent/x.npy' does not exist"))
        XCTAssertTrue(error("data:\n  - {name: a, src: normal(shape=4x32)}\nformats: [int8]\n").hasPrefix("bad.yaml:2: data[0].src: unknown key"))
    }

    func testTransformsAndRoundingAndCells() {
        XCTAssertTrue(error("data: [normal(shape=4x48)]\nformats: [int8]\ntransforms: [none, hadamard:32]\n")
            .hasPrefix("bad.yaml:3: transforms[1]: data 'normal' (shape (4, 48)): rows of 48 are not a multiple of the Hadamard block 32"))
        XCTAssertTrue(error("data: [normal(shape=4x32)]\nformats: [int8]\ntransforms: [rotate]\n").hasPrefix("bad.yaml:3: transforms[0]: unknown transform"))
        XCTAssertTrue(error("data: [normal(shape=4x32)]\nformats: [int8]\nrounding: [sideways]\n").hasPrefix("bad.yaml:3: rounding[0]: unknown rounding mode"))
        XCTAssertTrue(error("data: [normal(shape=4x32)]\ncells:\n  - {data: normal, format: int8}\n  - {data: gauss, format: int8}\n")
            .hasPrefix("bad.yaml:4: cells[1].data: unknown data 'gauss'"))
        XCTAssertTrue(error("data: [normal(shape=4x32)]\nformats: [int8, int8]\n").hasPrefix("bad.yaml:2: formats[1]: 'int8' listed twice"))
    }

    func testSyntaxErrorHasALine() {
        let e = error("data: [normal(shape=4x32)\nformats: [int8]\n")
        XCTAssertTrue(e.hasPrefix("bad.yaml:"), e)
        XCTAssertTrue(e.contains("(syntax)"), e)
    }

    func testTransformNamesRoundTrip() throws {
        for name in ["none", "hadamard:32", "hadamard:16:random", "hadamard:full", "hadamard:full:random"] {
            XCTAssertEqual(try TransformSpec(parsing: name).description, name)
        }
        XCTAssertThrowsError(try TransformSpec(parsing: "hadamard:24"))
    }
}
