@testable import Formats
import XCTest

/// The spec fuzzer runs in the test build (bounds and overflow checks on): mutated specs are
/// accepted and used, or refused, never a trap; a seed replays the same inputs.
final class FormatSpecFuzzerTests: XCTestCase {
    func testMutatedSpecsNeverCrash() {
        let report = FormatSpecFuzzer.run(iterations: 2500, seed: 9)
        XCTAssertEqual(report.inputs, 2500)
        XCTAssertEqual(report.accepted + report.rejected, 2500)
        XCTAssertGreaterThan(report.accepted, 50)
        XCTAssertGreaterThan(report.rejected, 1000)
    }

    func testSameSeedSameInputs() {
        XCTAssertEqual(FormatSpecFuzzer.run(iterations: 300, seed: 4), FormatSpecFuzzer.run(iterations: 300, seed: 4))
        var a = CounterRandom(seed: 4), b = CounterRandom(seed: 4)
        let seeds = FormatSpecFuzzer.corpus(seed: 4)
        for _ in 0 ..< 200 {
            XCTAssertEqual(FormatSpecFuzzer.mutate(seeds[7], donor: seeds[9], random: &a), FormatSpecFuzzer.mutate(seeds[7], donor: seeds[9], random: &b))
        }
    }

    /// The inputs the fuzzer found crashing the parser, kept.
    func testFoundByFuzzing() {
        XCTAssertThrowsError(try FormatRegistry.tensorFormat("fp:e-9223372036854775808m3"))
        XCTAssertThrowsError(try FormatRegistry.tensorFormat("fp:e9223372036854775807m3"))
        XCTAssertThrowsError(try FormatRegistry.tensorFormat("fp:e4m-9223372036854775808"))
    }
}
