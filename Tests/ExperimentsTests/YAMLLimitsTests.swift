import XCTest
@testable import Experiments

/// Deeply nested or oversized YAML is refused before Yams sees it (its composer recurses once per
/// level and overflowed the stack near 5,000 levels: issue 9 item 7); ordinary specs pass.
final class YAMLLimitsTests: XCTestCase {
    private func error(_ yaml: String) -> String {
        do {
            _ = try SweepSpec(yaml: yaml, file: "deep.yaml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testDeepFlowNestingIsRefused() {
        let deep = "data: [normal(shape=4x32)]\nformats: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
        let e = error(deep)
        XCTAssertTrue(e.hasPrefix("deep.yaml:2: "), e)
        XCTAssertTrue(e.contains("deeper than \(YAMLLimits.maximumDepth)"), e)
        XCTAssertTrue(error("formats: " + String(repeating: "{a: ", count: 3000) + "b" + String(repeating: "}", count: 3000)).contains("deeper than"))
    }

    func testDeepBlockNestingIsRefused() {
        var lines = ["data: [normal(shape=4x32)]", "formats:"]
        for level in 0 ..< 500 { lines.append(String(repeating: " ", count: level + 1) + "-") }
        XCTAssertTrue(error(lines.joined(separator: "\n")).contains("deeper than"), String(error(lines.joined(separator: "\n")).prefix(300)))
        XCTAssertTrue(error("formats:\n" + String(repeating: "- ", count: 5000) + "int8\n").contains("deeper than"))
        var keys = ["data: [normal(shape=4x32)]"]
        for level in 0 ..< 500 { keys.append(String(repeating: " ", count: level) + "k\(level):") }
        XCTAssertTrue(error(keys.joined(separator: "\n")).contains("deeper than"), String(error(keys.joined(separator: "\n")).prefix(300)))
    }

    func testOversizedTextIsRefused() {
        let big = "title: x\ndescription: " + String(repeating: "a", count: YAMLLimits.maximumBytes) + "\n"
        let e = error(big)
        XCTAssertTrue(e.contains("bytes") && e.contains("limit"), String(e.prefix(300)))
        XCTAssertLessThan(e.utf8.count, 400)
    }

    func testOrdinarySpecsAreUnaffected() throws {
        let yaml = """
        title: "brackets [[[ in a string ]]] and # not a comment"
        description: |
          a block scalar with [ unbalanced { brackets
        data:
          - normal(shape=4x32)   # comment with [[[[
        formats: [int8, 'it''s [not] deep', "mx[fp4"]
        """
        // Unknown formats fail later, in the format check, not in the depth check.
        let e = error(yaml)
        XCTAssertFalse(e.contains("deeper than"), e)
        XCTAssertTrue(e.contains("formats[1]"), e)
        // True depth 6 (mapping, mapping, list, list, mapping, list); the bound is within 2 of it.
        XCTAssertTrue((6 ... 8).contains(YAMLLimits.depth(of: "a:\n  b:\n    - [1, {c: [2]}]\n")))
    }
}
