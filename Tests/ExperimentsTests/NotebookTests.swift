import XCTest
@testable import Experiments
@testable import Reports
@testable import Workflows

final class NotebookTests: XCTestCase {
    static let text = """
    # Walkthrough

    Some prose.

    ```quantlab
    data: [normal(shape=4x64)]
    formats: [mxfp4, float8_e4m3fn]
    charts: [qsnr_by_format]
    ```

    More prose with a plain block:

    ```yaml
    not: run
    ```

    ````quantlab
    data: [laplace(shape=4x64)]
    formats: [nvfp4]
    metrics: [qsnr_db]
    charts: []
    ````
    The end.
    """

    func testSegments() throws {
        let notebook = try Notebook(text: Self.text, path: "Notebooks-md/walk.md")
        XCTAssertEqual(notebook.name, "walk")
        let blocks = notebook.segments.compactMap { segment -> Int? in
            if case let .block(_, line) = segment { return line }
            return nil
        }
        XCTAssertEqual(blocks, [6, 18])
        XCTAssertEqual(notebook.segments.count, 5)
    }

    func testRunKeepsProseAndAddsResults() throws {
        let dir = try TestSupport.scratch()
        let notebook = try Notebook(text: Self.text, path: "Notebooks-md/walk.md")
        let summary = try NotebookRunner(reportsDirectory: dir, runner: SweepRunner(jobs: 2)).run(notebook)
        XCTAssertEqual(summary.blocks, 2)
        XCTAssertEqual(summary.computed, 3)
        let md = try TestSupport.read(dir + "/walk.md")
        XCTAssertTrue(md.contains("Some prose."))
        XCTAssertTrue(md.contains("```yaml\nnot: run\n```"))
        XCTAssertTrue(md.contains("![QSNR per format and data (transform none)](walk-b1-qsnr-by-format.svg)"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/walk-b1-qsnr-by-format.svg"))
        XCTAssertTrue(md.contains("#### QSNR (dB)"))
        XCTAssertTrue(md.hasSuffix("The end.\n"))
        // A rerun reads every cell from the cache and writes the same bytes.
        let again = try NotebookRunner(reportsDirectory: dir, runner: SweepRunner(jobs: 1)).run(notebook)
        XCTAssertEqual(again.computed, 0)
        XCTAssertEqual(try TestSupport.read(dir + "/walk.md"), md)
    }

    func testBlockErrorsUseNotebookLines() throws {
        let text = "# T\n\n```quantlab\ndata: [normal(shape=4x64)]\nformats: [mxfp5]\n```\n"
        let notebook = try Notebook(text: text, path: "nb.md")
        XCTAssertThrowsError(try NotebookRunner(reportsDirectory: try TestSupport.scratch()).run(notebook)) { error in
            XCTAssertTrue("\(error)".hasPrefix("nb.md:5: formats[0]: unknown format 'mxfp5'"), "\(error)")
        }
    }
}
