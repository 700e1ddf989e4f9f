import Formats
import Reference
import XCTest

/// `quantlab verify --random-specs` in the tests (issue 9 item 4): seeded samples of the whole spec
/// grammar, every accepted spec checked against the exact reference, none failing; the sample
/// covers every scaled production, CrossQuant's `cross(alpha=A)` granularity included.
final class RandomSpecVerificationTests: XCTestCase {
    func testSampledSpecsAgreeWithTheReference() {
        var accepted: [String] = [], failures: [String] = []
        let summary = VerificationPlan.randomSpecs(count: 240, seed: 11, modes: [.nearestEven, .towardZero, .stochastic], random: 300,
                                                   largestElementBits: 8, edgeSample: 64) { spec, _, outcome in
            if case .refused = outcome { return }
            accepted.append(spec)
            if outcome.failed { failures.append("\(spec): \(outcome)") }
        }
        XCTAssertEqual(summary.sampled, 240)
        XCTAssertEqual(summary.failed, 0, failures.joined(separator: "\n"))
        XCTAssertGreaterThan(summary.checked, 60, "\(summary)")
        for form in [FormatSpecSampler.Form.namedScaled, .shorthand, .scaledCall, .minifloat, .integer] {
            XCTAssertGreaterThan(summary.acceptedByForm[form] ?? 0, 0, "no accepted \(form) spec: \(summary)")
        }
        XCTAssertTrue(accepted.contains { $0.contains("cross(alpha=") }, "no accepted cross spec among \(accepted.count)")
    }

    func testTheSampleOfASeedIsFixed() {
        let a = FormatSpecSampler.sample(count: 500, seed: 3).map(\.spec), b = FormatSpecSampler.sample(count: 500, seed: 3).map(\.spec)
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.contains { $0.contains("cross(alpha=") })
        XCTAssertTrue(a.contains { $0.hasSuffix("/tensor") || $0.contains("/tensor/") })
    }
}
