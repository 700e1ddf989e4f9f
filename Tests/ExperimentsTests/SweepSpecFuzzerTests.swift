@testable import Experiments
import XCTest

/// The sweep-spec fuzzer runs in the test build (checks on): mutated YAML is read or refused with
/// a `SweepError`, never a trap; a seed replays the same inputs.
final class SweepSpecFuzzerTests: XCTestCase {
    func testMutatedSweepSpecsNeverCrash() {
        let report = SweepSpecFuzzer.run(iterations: 2000, seed: 5)
        XCTAssertEqual(report.inputs, 2000)
        XCTAssertEqual(report.accepted + report.rejected, 2000)
        XCTAssertGreaterThan(report.accepted, 20)
        XCTAssertGreaterThan(report.rejected, 500)
    }

    func testSameSeedSameInputs() {
        XCTAssertEqual(SweepSpecFuzzer.run(iterations: 200, seed: 8), SweepSpecFuzzer.run(iterations: 200, seed: 8))
    }

    func testCorpusIsValid() throws {
        for text in SweepSpecFuzzer.corpus { XCTAssertNoThrow(try SweepSpec(yaml: text, file: "corpus.yaml"), text) }
    }
}
