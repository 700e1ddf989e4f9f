import XCTest
@testable import Experiments
@testable import Workflows

/// `quantlab merge` and the results cache check what they read against the spec's cells: each
/// cell's key hash, coordinates and content checksum; indexes outside the spec are refused.
final class MergeTrustTests: XCTestCase {
    /// The tiny sweep in three shards, as results values.
    private func shards() throws -> (spec: SweepSpec, parts: [SweepResults]) {
        let spec = try TestSupport.tinySpec()
        let parts = try (1...3).map { try SweepRunner(jobs: 2).run(spec, shard: Shard(index: $0, count: 3)).results }
        return (spec, parts)
    }

    private func assertRefused(_ parts: [SweepResults], _ spec: SweepSpec, _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try SweepResults.merge(parts, spec: spec), line: line) { error in
            XCTAssertTrue("\(error)".contains(expected), "\(error)", line: line)
            XCTAssertFalse("\(error)".contains("\n"), line: line)
        }
    }

    func testIntactShardsMerge() throws {
        let (spec, parts) = try shards()
        let merged = try SweepResults.merge(parts, spec: spec)
        XCTAssertEqual(merged.cells.count, 24)
        XCTAssertEqual(merged, try SweepRunner(jobs: 2).run(spec).results)
    }

    func testEditedValueIsRefused() throws {
        var (spec, parts) = try shards()
        parts[1].cells[2].tensors[0].original.qsnrDB += 10
        assertRefused(parts, spec, "do not match its checksum")
    }

    func testUnknownAndNegativeIndexesAreRefused() throws {
        var (spec, parts) = try shards()
        var extra = parts[0].cells[0]
        extra.index = 24
        parts[0].cells.append(extra)
        assertRefused(parts, spec, "cell index 24 is not a cell of this spec (0...23)")
        parts[0].cells[parts[0].cells.count - 1].index = -3
        assertRefused(parts, spec, "cell index -3 is not a cell of this spec")
    }

    func testCellOutsideItsShardIsRefused() throws {
        var (spec, parts) = try shards()
        parts[0].cells[0].index = 1   // shard 1/3 holds 0, 3, 6, ...
        assertRefused(parts, spec, "not in shard 1/3")
    }

    func testRenamedFormatIsRefused() throws {
        var (spec, parts) = try shards()
        parts[0].cells[0].format = "int4/tensor"
        parts[0].cells[0] = parts[0].cells[0].sealed()   // even with a matching checksum
        assertRefused(parts, spec, "cell 0: the results file has format int4/tensor where the spec has int8/tensor")
    }

    func testMovedCellIsRefused() throws {
        var (spec, parts) = try shards()
        // Cell 3 carried under index 0 (both in shard 1): its key hash is another cell's.
        let moved = parts[0].cells[1]
        parts[0].cells[0] = moved
        parts[0].cells[0].index = 0
        assertRefused(parts, spec, "cell 0")
    }

    func testEditedCacheEntryIsRecomputed() throws {
        let dir = try TestSupport.scratch()
        let spec = try TestSupport.tinySpec()
        let store = ResultStore(reportsDirectory: dir, spec: spec)
        let first = try SweepRunner(jobs: 2, store: store).run(spec)
        XCTAssertEqual(first.computed, 24)
        // Edit one stored value (the file still decodes) and truncate another entry.
        let cells = spec.cells()
        let edited = store.path(for: cells[5])
        var text = try TestSupport.read(edited)
        let qsnr = "\"qsnrDB\":"
        let at = try XCTUnwrap(text.range(of: qsnr))
        text.insert(contentsOf: "1", at: at.upperBound)
        try text.write(toFile: edited, atomically: true, encoding: .utf8)
        XCTAssertNil(store.load(cells[5]))
        let again = try SweepRunner(jobs: 2, store: store).run(spec)
        XCTAssertEqual(again.computed, 1)
        XCTAssertEqual(again.results, first.results)
    }
}
