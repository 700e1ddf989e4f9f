import XCTest
@testable import Experiments
@testable import Reports
@testable import Workflows

/// Reports are named by their spec's or notebook's base name; two sources that would write the
/// same file are refused with one clear line, and a rerun removes the charts it no longer draws.
final class ReportNameTests: XCTestCase {
    static let yaml = "data: [\"normal(shape=4x64)\"]\ntransforms: [none, \"hadamard:32\"]\nformats: [int8, mxfp4]\n"

    private func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func sweep(_ spec: String, _ reports: String) throws -> SweepJob.Summary {
        try SweepJob(specPath: spec, reportsDirectory: reports, runner: SweepRunner(jobs: 1)).run()
    }

    func testTwoSpecsWithOneBaseNameAreRefused() throws {
        let root = try TestSupport.scratch()
        try write(Self.yaml, root + "/a/x.yaml")
        try write(Self.yaml.replacingOccurrences(of: "int8, ", with: ""), root + "/b/x.yaml")
        _ = try sweep(root + "/a/x.yaml", root + "/Reports")
        let before = try TestSupport.read(root + "/Reports/x.md")
        XCTAssertThrowsError(try sweep(root + "/b/x.yaml", root + "/Reports")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("x.md is the report of sweep a/x.yaml"), text)
            XCTAssertTrue(text.contains("sweep b/x.yaml would overwrite it"), text)
            XCTAssertFalse(text.contains("\n"))
        }
        XCTAssertEqual(try TestSupport.read(root + "/Reports/x.md"), before)
        // The same spec again is its own report: no refusal, same bytes.
        _ = try sweep(root + "/a/x.yaml", root + "/Reports")
        XCTAssertEqual(try TestSupport.read(root + "/Reports/x.md"), before)
    }

    func testNotebookAndSweepOfOneNameAreRefused() throws {
        let root = try TestSupport.scratch()
        try write(Self.yaml, root + "/Experiments/x.yaml")
        try write("# X\n\n```quantlab\n\(Self.yaml)```\n", root + "/Notebooks-md/x.md")
        _ = try NotebookRunner(reportsDirectory: root + "/Reports", runner: SweepRunner(jobs: 1)).run(Notebook(path: root + "/Notebooks-md/x.md"))
        XCTAssertThrowsError(try sweep(root + "/Experiments/x.yaml", root + "/Reports")) { error in
            XCTAssertTrue("\(error)".contains("x.md is the report of notebook Notebooks-md/x.md; sweep Experiments/x.yaml would overwrite it"), "\(error)")
        }
    }

    func testChartFileOfAnotherReportIsRefused() throws {
        let root = try TestSupport.scratch()
        try write("# X\n\n```quantlab\n\(Self.yaml)```\n", root + "/Notebooks-md/x.md")
        try write(Self.yaml, root + "/Experiments/x-b1.yaml")
        _ = try NotebookRunner(reportsDirectory: root + "/Reports", runner: SweepRunner(jobs: 1)).run(Notebook(path: root + "/Notebooks-md/x.md"))
        XCTAssertThrowsError(try sweep(root + "/Experiments/x-b1.yaml", root + "/Reports")) { error in
            XCTAssertTrue("\(error)".contains("x-b1-qsnr-by-format.svg is written by notebook Notebooks-md/x.md"), "\(error)")
        }
    }

    func testRerunRemovesChartsItNoLongerDraws() throws {
        let root = try TestSupport.scratch()
        try write(Self.yaml + "charts: [qsnr_by_format, hadamard]\n", root + "/x.yaml")
        _ = try sweep(root + "/x.yaml", root + "/Reports")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/Reports/x-hadamard.svg"))
        try write(Self.yaml + "charts: [qsnr_by_format]\n", root + "/x.yaml")
        _ = try sweep(root + "/x.yaml", root + "/Reports")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/Reports/x-hadamard.svg"), "stale chart left behind")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/Reports/x-qsnr-by-format.svg"))
    }

    func testStaleNotebookBlockChartsAreRemoved() throws {
        let root = try TestSupport.scratch()
        let notebook = root + "/Notebooks-md/n.md"
        try write("```quantlab\n\(Self.yaml)```\n\n```quantlab\n\(Self.yaml)```\n", notebook)
        _ = try NotebookRunner(reportsDirectory: root + "/Reports", runner: SweepRunner(jobs: 1)).run(Notebook(path: notebook))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/Reports/n-b2-hadamard.svg"))
        try write("```quantlab\n\(Self.yaml)```\n", notebook)
        _ = try NotebookRunner(reportsDirectory: root + "/Reports", runner: SweepRunner(jobs: 1)).run(Notebook(path: notebook))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/Reports/n-b2-hadamard.svg"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/Reports/n-b1-hadamard.svg"))
    }
}
