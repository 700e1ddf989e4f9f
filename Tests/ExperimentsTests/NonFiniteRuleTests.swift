import Foundation
import XCTest
@testable import Experiments
@testable import Reports
@testable import Workflows
import Tensors

/// The non-finite input rule, shared by analyze and the sweep runner.
final class NonFiniteRuleTests: XCTestCase {
    /// An 8x64 .npy holding one NaN and one -Inf.
    func dirtyFile() throws -> (path: String, clean: Tensor) {
        let x = try TensorSource(parsing: "laplace(shape=8x64, seed=4)").load()[0].tensor
        var dirty = x, clean = x
        dirty.values[10] = .nan; dirty.values[300] = -.infinity
        clean.values[10] = 0; clean.values[300] = 0
        let path = try TestSupport.scratch() + "/dirty.npy"
        try NPYFile.write(dirty, to: path)
        return (path, clean)
    }

    func testAnalyzeRefusesNonFiniteDataNamingSourceAndCount() throws {
        let file = try dirtyFile()
        XCTAssertThrowsError(try Analysis(formats: ["mxfp4"], source: file.path).run()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("data '\(file.path)': 2 of 512 values are NaN or infinite"), text)
            XCTAssertTrue(text.contains("--allow-nonfinite"))
            XCTAssertFalse(text.contains("\n"))
        }
    }

    func testAllowedNonFiniteValuesAreZeroedAndReported() throws {
        let file = try dirtyFile()
        let results = try Analysis(formats: ["mxfp4", "int8/tensor"], source: file.path, allowNonFinite: true).run()
        let cleanPath = (file.path as NSString).deletingLastPathComponent + "/clean.npy"
        try NPYFile.write(file.clean, to: cleanPath)
        let reference = try Analysis(formats: ["mxfp4", "int8/tensor"], source: cleanPath).run()
        for (a, b) in zip(results.cells, reference.cells) {
            XCTAssertEqual(a.tensors[0].nonFiniteReplaced, 2)
            XCTAssertNil(b.tensors[0].nonFiniteReplaced)
            XCTAssertEqual(a.tensors[0].original, b.tensors[0].original)
        }
        XCTAssertEqual(NonFinitePolicy.warnings(results),
                       ["data '\(file.path)': 2 of 512 values were NaN or infinite and were replaced by 0 (allow-nonfinite)"])
        XCTAssertEqual(NonFinitePolicy.warnings(reference), [])
    }

    func testTheSweepRunnerAppliesTheSameRule() throws {
        let file = try dirtyFile()
        let yaml = "data: [\"\(file.path)\"]\nformats: [mxfp4]\n"
        XCTAssertThrowsError(try SweepRunner(jobs: 1).run(SweepSpec(yaml: yaml, file: "s.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("2 of 512 values are NaN or infinite"), "\(error)")
        }
        let allowed = try SweepSpec(yaml: yaml + "allow_nonfinite: true\n", file: "s.yaml")
        let results = try SweepRunner(jobs: 1).run(allowed).results
        XCTAssertEqual(results.cells[0].tensors[0].nonFiniteReplaced, 2)
        XCTAssertEqual(NonFinitePolicy.warnings(results).count, 1)
        XCTAssertNotEqual(allowed.cells()[0].hash, try SweepSpec(yaml: yaml, file: "s.yaml").cells()[0].hash)
        XCTAssertThrowsError(try SweepSpec(yaml: yaml + "allow_nonfinite: maybe\n", file: "s.yaml")) { error in
            XCTAssertTrue("\(error)".contains("allow_nonfinite: expected true or false"), "\(error)")
        }
    }
}
