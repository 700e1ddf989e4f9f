import XCTest
@testable import Experiments

final class DefaultSweepTests: XCTestCase {
    func testEmbeddedDefaultEqualsTheFile() throws {
        let file = TestSupport.repositoryRoot.appendingPathComponent("Experiments/default.yaml")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), DefaultSweep.yaml)
    }

    func testDefaultParsesWithEveryAxis() throws {
        let spec = try DefaultSweep.spec()
        XCTAssertEqual(spec.data.map(\.name), ["normal", "laplace", "student_t", "outliers"])
        XCTAssertEqual(spec.transforms.map(\.description), ["none", "hadamard:32:random"])
        XCTAssertEqual(spec.cells().count, 4 * 2 * spec.formats.count)
    }
}
