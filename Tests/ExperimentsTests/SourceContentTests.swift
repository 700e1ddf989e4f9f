import XCTest
@testable import Experiments
@testable import Reports
@testable import Tensors
@testable import Workflows

/// File data sources are keyed by their content (SHA-256 of the bytes read), so a rewritten file
/// is recomputed, and shape-dependent spec errors are found against every source before any work.
final class SourceContentTests: XCTestCase {
    private func write(_ values: [Float], shape: [Int], to path: String) throws {
        try NPYFile.write(Tensor(shape: shape, values: values), to: path)
    }

    private func sweep(_ dir: String, _ yaml: String) throws -> SweepJob.Summary {
        try yaml.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        return try SweepJob(specPath: dir + "/s.yaml", reportsDirectory: dir + "/Reports", runner: SweepRunner(jobs: 1)).run()
    }

    func testRewrittenNPYFileIsRecomputed() throws {
        let dir = try TestSupport.scratch()
        let values = (0 ..< 128).map { Float($0 % 13) - 6.5 }
        try write(values, shape: [4, 32], to: dir + "/w.npy")
        let yaml = "data: [\(dir)/w.npy]\nformats: [int4/tensor, mxfp4]\n"
        XCTAssertEqual(try sweep(dir, yaml).computed, 2)
        XCTAssertEqual(try sweep(dir, yaml).computed, 0)
        let before = try SweepResults.load(path: dir + "/Reports/s.json")
        // Same size, same shape, same path: other values.
        try write(values.map { $0 * 1.7 + 0.3 }, shape: [4, 32], to: dir + "/w.npy")
        XCTAssertEqual(try sweep(dir, yaml).computed, 2)
        let after = try SweepResults.load(path: dir + "/Reports/s.json")
        XCTAssertNotEqual(before.cells[0].tensors[0].original.qsnrDB, after.cells[0].tensors[0].original.qsnrDB)
        XCTAssertEqual(after, try SweepRunner(jobs: 1, mpfrVersion: after.mpfrVersion).run(try SweepSpec(path: dir + "/s.yaml")).results)
    }

    func testSafetensorsSelectionIsKeyedByTheTensorsItReads() throws {
        let dir = try TestSupport.scratch()
        let path = dir + "/m.safetensors"
        let a = Tensor(shape: [2, 32], values: (0 ..< 64).map { Float($0) / 9 })
        let b = Tensor(shape: [2, 32], values: (0 ..< 64).map { Float($0) / 7 })
        try SafetensorsFile.write([("layer.0.w", a), ("other", b)], to: path)
        let yaml = "data: [\"\(path):layer.*\"]\nformats: [int8/tensor]\n"
        XCTAssertEqual(try sweep(dir, yaml).computed, 1)
        try SafetensorsFile.write([("layer.0.w", a), ("other", Tensor(shape: [2, 32], values: b.values.map { -$0 }))], to: path)
        XCTAssertEqual(try sweep(dir, yaml).computed, 0, "an unselected tensor changed: nothing to recompute")
        try SafetensorsFile.write([("layer.0.w", Tensor(shape: [2, 32], values: a.values.map { $0 + 1 })), ("other", b)], to: path)
        XCTAssertEqual(try sweep(dir, yaml).computed, 1, "the selected tensor changed")
    }

    func testSyntheticKeysAreUnchanged() throws {
        let cell = try TestSupport.tinySpec().cells()[0]
        XCTAssertTrue(cell.key.contains(";data=normal(shape=8x64, mean=0, std=1, seed=11);"), cell.key)
    }

    func testFileChangedAfterTheSpecWasReadIsAnError() throws {
        let dir = try TestSupport.scratch()
        try write((0 ..< 64).map(Float.init), shape: [2, 32], to: dir + "/w.npy")
        let spec = try SweepSpec(yaml: "data: [\(dir)/w.npy]\nformats: [int8]\n", file: "s.yaml")
        try write((0 ..< 64).map { Float($0) + 0.5 }, shape: [2, 32], to: dir + "/w.npy")
        XCTAssertThrowsError(try SweepRunner(jobs: 1).run(spec)) { error in
            XCTAssertTrue("\(error)".contains("changed after the sweep read it"), "\(error)")
        }
    }

    func testQuickCheckIndexSkipsRehashingUnchangedFiles() throws {
        let dir = try TestSupport.scratch()
        try write((0 ..< 64).map(Float.init), shape: [2, 32], to: dir + "/w.npy")
        let index = SourceIndex(file: dir + "/sources.json")
        let source = try TensorSource(parsing: dir + "/w.npy")
        let first = try index.content(of: source)
        XCTAssertEqual(index.hashed, 1)
        let reread = SourceIndex(file: dir + "/sources.json")
        XCTAssertEqual(try reread.content(of: source), first)
        XCTAssertEqual(reread.hashed, 0, "size, mtime, ctime and inode unchanged: the stored digest is used")
        try write((0 ..< 64).map { Float($0) * 2 }, shape: [2, 32], to: dir + "/w.npy")
        XCTAssertNotEqual(try reread.content(of: source).digest, first.digest)
        XCTAssertEqual(reread.hashed, 1)
    }

    func testShapeErrorsAreFoundBeforeAnyWorkWithFileAndLine() throws {
        let dir = try TestSupport.scratch()
        try write((0 ..< 64).map(Float.init), shape: [4, 16], to: dir + "/w.npy")
        try SafetensorsFile.write([("encoder.layer.0.weight", Tensor(shape: [2, 48], values: .init(repeating: 1, count: 96)))], to: dir + "/m.safetensors")
        func assertSpecError(_ yaml: String, _ fragments: String..., line: UInt = #line) {
            XCTAssertThrowsError(try SweepSpec(yaml: yaml, file: "s.yaml"), line: line) { error in
                for f in fragments { XCTAssertTrue("\(error)".contains(f), "\(error) lacks \(f)", line: line) }
            }
        }
        assertSpecError("data:\n  - \(dir)/w.npy\nformats:\n  - int8\n  - int4/g32\n",
                        "s.yaml:5: formats[1]:", "w.npy", "block size 32", "larger than the last axis (16)")
        assertSpecError("data:\n  - \(dir)/w.npy\nformats:\n  - int8/ch2\n", "s.yaml:4: formats[0]:", "channel axis 2", "out of range")
        assertSpecError("data:\n  - \(dir)/m.safetensors:encoder.layr.0.weight\nformats: [int8]\n",
                        "s.yaml:2: data[0]:", "no tensor matches 'encoder.layr.0.weight'", "encoder.layer.0.weight")
        assertSpecError("data:\n  - \(dir)/m.safetensors\ntransforms: [none, \"hadamard:32\"]\nformats: [int8]\n",
                        "s.yaml:3: transforms[1]:", "encoder.layer.0.weight", "rows of 48")
        assertSpecError("data:\n  - \(dir)/w.npy\ncells:\n  - {data: w.npy, format: mxfp4}\n", "s.yaml:4: cells[0]:", "block size 32")
    }

    func testSkippedTensorsAreNoted() throws {
        let dir = try TestSupport.scratch()
        let header = #"{"w":{"dtype":"F32","shape":[1,32],"data_offsets":[0,128]},"position_ids":{"dtype":"I64","shape":[1,2],"data_offsets":[128,144]}}"#
        let bytes = TensorFileFuzzer.safetensorsImage(header: header, data: [UInt8](repeating: 0x3F, count: 144))
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/m.safetensors"))
        let spec = try SweepSpec(yaml: "data: [\(dir)/m.safetensors]\nformats: [int8]\n", file: "s.yaml")
        XCTAssertEqual(spec.dataNotes, ["data 'm.safetensors': skipped 1 tensor that is not floating point: position_ids (I64)"])
        let results = try SweepRunner(jobs: 1).run(spec).results
        XCTAssertTrue(ReportBody(results: results, spec: spec, chartBase: "s").markdown
            .contains("Note: data 'm.safetensors': skipped 1 tensor that is not floating point: position_ids (I64).\n"))
    }
}
