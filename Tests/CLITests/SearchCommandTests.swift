import Foundation
import XCTest

/// `quantlab analyze` with search formats: the choice printed, bad searches refused in one line.
final class SearchCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testAnalyzePrintsTheSearchChoice() throws {
        let outcome = try CLI.run(["analyze", "--format", "search(power:4:A, A=0.2..1.0/81, per=row)", "--format", "search(fp:4, bias=0.5..1.2/8)",
                                   "normal(shape=8x256, seed=3)"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("searches:"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("tensor (8 groups): A median"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("tensor (1 group): fpq("), outcome.stdout)
    }

    func testBadSearchesEndInOneLine() throws {
        for (arguments, word) in [(["analyze", "--format", "search(power:4:A, B=0.2..1/5)", "normal(shape=4x64)"], "axis B"),
                                  (["analyze", "--format", "search(fp:4, objective=output)", "normal(shape=4x64)"], "--activations"),
                                  (["analyze", "--format", "search(fp:4, objective=output)", "normal(shape=4x64)", "--activations", "normal(shape=8x32)"], "in = 32")] {
            let outcome = try CLI.run(arguments, in: dir)
            XCTAssertNotEqual(outcome.status, 0)
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in \(outcome.stderr)")
        }
    }
}
