import XCTest
@testable import Reports
import Experiments

/// Findings computed from hand-made numbers, line by line.
final class FindingsTests: XCTestCase {
    func lines() throws -> [String] {
        let (spec, results) = try ReportFixture.standard()
        return Findings.lines(ResultGrid(results.cells, spec: spec))
    }

    func testLeadersPerDataSource() throws {
        let lines = try lines()
        XCTAssertTrue(lines.contains("On a data (none), `\(ReportFixture.int4)` has the highest QSNR, 20.0 dB, 1.0 dB above `mxfp4`."), "\(lines)")
        XCTAssertTrue(lines.contains("On b data (none), `mxfp4` has the highest QSNR, 16.0 dB, 0.5 dB above `mxfp4(block=16)`."), "\(lines)")
    }

    /// INT vs FP pairs formats by what they are: the general spelling of MX INT4 pairs with `mxfp4`
    /// (both OCP MX scaling) and never with `mxfp4(block=16)`, whatever the names say.
    func testINTVersusFPPairsByScalingScheme() throws {
        let lines = try lines()
        let pairs = lines.filter { $0.contains("INT vs FP") }
        XCTAssertEqual(pairs, [
            "MX INT vs FP at 4 bits (`none`): QSNR of `\(ReportFixture.int4)` minus `mxfp4`: +1.0 dB on a, -2.0 dB on b.",
            "MX INT vs FP at 4 bits (`hadamard:32`): QSNR of `\(ReportFixture.int4)` minus `mxfp4`: +3.0 dB on a, 0.0 dB on b.",
        ])
        XCTAssertFalse(lines.contains { $0.contains("mxfp4(block=16)`:") || $0.contains("minus `mxfp4(block=16)`") })
    }

    func testCrossoverAlongTheCrestFactor() throws {
        // (crest, INT - FP): (1.5, +3), (2, +1), (2.5, 0), (4, -2): the sign changes between 2.5 and 4.
        let lines = try lines()
        XCTAssertTrue(lines.contains("`\(ReportFixture.int4)` beats `mxfp4` up to a median block crest factor of about 2.50 "
            + "(first sign change between 2.50 and 4.00; 4 points, median block crest factors 1.50–4.00)."), "\(lines)")
    }

    func testHadamardAndCrestLinesReadTheTransformKind() throws {
        let lines = try lines()
        XCTAssertTrue(lines.contains("`hadamard:32` changes QSNR, averaged over 2 data sources, by: `\(ReportFixture.int4)` +3.0, `mxfp4` +1.0, `mxfp4(block=16)` +1.0 dB."), "\(lines)")
        XCTAssertTrue(lines.contains("Median block crest factor with `none`: a 2.00, b 4.00."))
        XCTAssertTrue(lines.contains("Median block crest factor with `hadamard:32`: a 1.50, b 2.50."))
    }

    func testTheBaselineIsTheNoneTransformWhereverItIsListed() throws {
        let spec = try ReportFixture.spec(ReportFixture.yaml.replacingOccurrences(of: "[none, \"hadamard:32\"]", with: "[\"hadamard:32\", none]"))
        let results = try ReportFixture.results(spec, qsnr: { _, t, _ in t == "none" ? 10 : 12 }, crest: { _, _ in 2 })
        let grid = ResultGrid(results.cells, spec: spec)
        XCTAssertEqual(grid.transforms, ["hadamard:32", "none"])
        XCTAssertEqual(grid.baseTransform, "none")
        XCTAssertTrue(grid.isRotation("hadamard:32"))
        XCTAssertFalse(grid.isRotation("none"))
        XCTAssertEqual(grid.descriptor(format: "mxfp4")?.standard, .ocpMX)
        XCTAssertNil(grid.descriptor(format: "mxfp4(block=16)")?.standard)
    }
}
