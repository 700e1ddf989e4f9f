import XCTest
@testable import Experiments
import Formats

/// The behaviour fingerprint in every cell key.
final class FormatFingerprintTests: XCTestCase {
    func testProbeCoversZerosTiesAndManyBinades() {
        let p = FormatFingerprint.probe
        XCTAssertEqual(p.count, FormatFingerprint.shape.reduce(1, *))
        XCTAssertTrue(p.allSatisfy(\.isFinite))
        XCTAssertTrue(p.contains(0) && p.contains(0.5) && p.contains(-1.5) && p.contains(2.5))
        let binades = Set(p.filter { $0 != 0 }.map { $0.exponent })
        XCTAssertGreaterThan(binades.count, 60)
        XCTAssertGreaterThan(p.max()!, 1e9)
    }

    func testSameSpecTwiceGivesTheSameHash() throws {
        let a = try TestSupport.tinySpec().cells(), b = try TestSupport.tinySpec().cells()
        XCTAssertEqual(a.map(\.hash), b.map(\.hash))
        XCTAssertEqual(FormatFingerprint.fingerprint(try FormatRegistry.tensorFormat("mxfp4"), rounding: .nearestEven),
                       try ParsedFormat(parsing: "mxfp4").fingerprint(.nearestEven))
        XCTAssertEqual(Set(a.map(\.hash)).count, a.count)
    }

    func testFormatsThatDifferOnlyInBehaviourGetDifferentHashes() throws {
        // Same name, same everything, but the scale rule: the code behaves differently.
        let floor = try XCTUnwrap(FormatRegistry.tensorFormat("mxfp4") as? ScaledFormat)
        let rceil = try XCTUnwrap(FormatRegistry.tensorFormat("mxfp4(rule=rceil)") as? ScaledFormat)
        let impostor = try ScaledFormat(name: floor.name, element: floor.element, granularity: floor.granularity, scale: rceil.scale)
        let original = FormatFingerprint.fingerprint(floor, rounding: .nearestEven)
        let changed = FormatFingerprint.fingerprint(impostor, rounding: .nearestEven)
        XCTAssertEqual(original, try ParsedFormat(parsing: "mxfp4").fingerprint(.nearestEven))
        XCTAssertNotEqual(original, changed)

        var cell = try XCTUnwrap(TestSupport.tinySpec().cells().first { $0.format.spec == "mxfp4" })
        let before = cell.hash
        cell.formatFingerprint = changed
        XCTAssertNotEqual(cell.hash, before)
        XCTAssertEqual(cell.format.spec, "mxfp4")
    }

    func testRoundingModesAndRefusingFormatsFingerprintDeterministically() throws {
        XCTAssertNotEqual(FormatFingerprint.fingerprint(try FormatRegistry.tensorFormat("mxfp4"), rounding: .nearestEven),
                          FormatFingerprint.fingerprint(try FormatRegistry.tensorFormat("mxfp4"), rounding: .stochastic))
        XCTAssertEqual(FormatFingerprint.fingerprint(try FormatRegistry.tensorFormat("mxfp4"), rounding: .stochastic),
                       FormatFingerprint.fingerprint(try FormatRegistry.tensorFormat("mxfp4"), rounding: .stochastic))
        // A format that refuses part of the probe (scale overflow) still fingerprints, row by row.
        for spec in ["float8_e4m3fn", "int8/tensor", "nvfp4", "mxint8"] {
            XCTAssertEqual(FormatFingerprint.fingerprint(try FormatRegistry.tensorFormat(spec), rounding: .nearestEven).count, 64, spec)
        }
    }
}
