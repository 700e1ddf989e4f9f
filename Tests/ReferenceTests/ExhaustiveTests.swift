import Foundation
import Formats
import Reference
import XCTest

/// All 2^32 float32 inputs, gated: `QUANTLAB_EXHAUSTIVE=1 swift test -c release --filter ExhaustiveTests`.
/// `QUANTLAB_EXHAUSTIVE_FORMATS` (comma-separated specs, default float8_e4m3fn) and
/// `QUANTLAB_EXHAUSTIVE_MODES` (comma-separated mode names, default every non-stochastic mode) choose.
final class ExhaustiveTests: XCTestCase {
    func testExhaustive() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["QUANTLAB_EXHAUSTIVE"] == "1" else { throw XCTSkip("set QUANTLAB_EXHAUSTIVE=1 (release build)") }
        let specs = (env["QUANTLAB_EXHAUSTIVE_FORMATS"] ?? "float8_e4m3fn").split(separator: ",").map(String.init)
        let modes = try env["QUANTLAB_EXHAUSTIVE_MODES"].map { try $0.split(separator: ",").map { try RoundingMode(name: String($0)) } }
            ?? RoundingMode.allCases.filter { $0 != .stochastic }
        for spec in specs {
            for mode in modes {
                let result = try ReferenceCheck.exhaustive(FormatRegistry.element(spec), mode: mode)
                print(result)
                XCTAssertEqual(result.mismatches, 0, "\n\(result)")
            }
        }
    }
}
