import Foundation
import XCTest

/// A report is one set of files (markdown, CSV, JSON, charts) published together, and temporaries
/// that killed runs left in the reports folder are cleaned up by the next run.
final class ReportFilesTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try CLI.scratch()
        let spec = """
        title: Small
        description: Two formats on one tensor.
        seed: 3
        data: [normal(shape=4x64)]
        formats: [int8, mxfp4]

        """
        try Data(spec.utf8).write(to: dir.appendingPathComponent("small.yaml"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func testReportIsAllOrNothing() throws {
        try FileManager.default.createDirectory(atPath: path("R/small.json"), withIntermediateDirectories: true)
        let failed = try CLI.run(["sweep", "small.yaml", "--reports", "R"], in: dir)
        XCTAssertEqual(failed.status, 1)
        // stderr holds progress lines, then the one error line.
        XCTAssertEqual(failed.stderr.split(separator: "\n").filter { $0.contains("error") }.count, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("R/small.json") && failed.stderr.contains("directory"), failed.stderr)
        let written = try FileManager.default.contentsOfDirectory(atPath: path("R")).filter { !$0.hasPrefix(".cache") }
        XCTAssertEqual(written, ["small.json"], "no markdown, CSV or chart without the JSON they belong with")
        try FileManager.default.removeItem(atPath: path("R/small.json"))
        let ok = try CLI.run(["sweep", "small.yaml", "--reports", "R"], in: dir)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: path("R")).filter { $0.hasPrefix("small") }
        XCTAssertTrue(names.contains("small.md") && names.contains("small.csv") && names.contains("small.json"), "\(names)")
    }

    /// `kill -9` during a write leaves `.NAME.tmp-PID-RANDOM`; the next run removes those of dead
    /// writers (after ten minutes) and keeps those of live ones.
    func testStaleTemporariesAreRemovedOnStart() throws {
        let cache = path("R/.cache/0123456789abcdef")
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let dead = cache + "/.aa.json.tmp-99999999-42", live = cache + "/.bb.json.tmp-\(getpid())-43"
        let recent = cache + "/.cc.json.tmp-99999999-44", report = path("R/.small.md.tmp-99999999-45")
        for file in [dead, live, recent, report] { try Data("{".utf8).write(to: URL(fileURLWithPath: file)) }
        for file in [dead, live, report] {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: file)
        }
        let outcome = try CLI.run(["sweep", "small.yaml", "--reports", "R"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead))
        XCTAssertFalse(FileManager.default.fileExists(atPath: report))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a live writer's temporary stays")
        XCTAssertTrue(FileManager.default.fileExists(atPath: recent), "a recent temporary stays")
    }
}
