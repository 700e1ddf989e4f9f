import Foundation
import XCTest

/// `quantlab cluster slurm`: the script it writes runs the same slices and merge as a single run,
/// submits the array and then the merge job with an afterok dependency, and bad requests are
/// refused in one line before anything is written or submitted. The real Slurm test is
/// Tests/cluster/slurm-test.sh; here a stand-in `sbatch` records how it is called.
final class ClusterCommandTests: XCTestCase {
    var dir: URL!

    /// 2 data x 2 formats = 4 cells.
    let spec = """
    title: Tiny cluster sweep
    seed: 3
    data: [normal(shape=4x64), laplace(shape=4x64)]
    formats: [int8/tensor, mxfp4]

    """

    override func setUpWithError() throws {
        dir = try CLI.scratch()
        try spec.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// A folder holding a stand-in `sbatch` that appends its arguments to `sbatch.log`, prints job
    /// id 41 for the first call and 42 after, and exits with `mergeStatus` when given `--wait`.
    func fakeSbatch(mergeStatus: Int = 0) throws -> String {
        let bin = dir.appendingPathComponent("fakebin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = dir.appendingPathComponent("sbatch.log").path
        let script = """
        #!/bin/bash
        echo "$*" >> '\(log)'
        if [ "$(wc -l < '\(log)')" -eq 1 ]; then echo 41; else echo '42;cluster'; fi
        for a in "$@"; do [ "$a" = --wait ] && exit \(mergeStatus); done
        exit 0

        """
        let path = bin.appendingPathComponent("sbatch").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return bin.path
    }

    func environment(path: String) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = path
        return env
    }

    var sbatchCalls: [String] {
        ((try? String(contentsOf: dir.appendingPathComponent("sbatch.log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func bash(_ arguments: [String], environment: [String: String]? = nil) throws -> CLI.Outcome {
        try CLI.run(arguments, in: dir, replacingEnvironment: environment, executable: URL(fileURLWithPath: "/bin/bash"))
    }

    func testScriptRunsTheSlicesAndTheMergeOfASingleRun() throws {
        let written = try CLI.run(["cluster", "slurm", "tiny.yaml", "--shards", "2", "--partition", "gpu,cpu",
                                   "--time", "1-12:00", "--cpus", "3", "--reports", "shared"], in: dir)
        XCTAssertEqual(written.status, 0, written.stderr)
        let script = dir.appendingPathComponent("shared/tiny.slurm.sh").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: script))
        XCTAssertEqual(try bash(["-n", script]).status, 0)
        let text = try String(contentsOfFile: script, encoding: .utf8)
        for line in ["#SBATCH --partition=gpu,cpu", "#SBATCH --time=1-12:00", "#SBATCH --cpus-per-task=3", "cd '\(dir.path)'"] {
            XCTAssertTrue(text.contains(line + "\n"), "no line \(line)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("shared/.slurm").path))

        // Run the two tasks and the merge job the way Slurm would, from another directory.
        var env = ProcessInfo.processInfo.environment
        for task in 1...2 {
            env["SLURM_ARRAY_TASK_ID"] = "\(task)"
            let outcome = try CLI.run([script, "shard"], in: FileManager.default.temporaryDirectory, replacingEnvironment: env,
                                      executable: URL(fileURLWithPath: "/bin/bash"))
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertTrue(outcome.stdout.contains("2 cells (2 computed)"), outcome.stdout)
        }
        XCTAssertEqual(try bash([script, "merge"]).status, 0)
        XCTAssertEqual(try CLI.run(["sweep", "tiny.yaml", "--reports", "single"], in: dir).status, 0)
        for file in ["tiny.md", "tiny.csv", "tiny.json", "tiny-qsnr-by-format.svg"] {
            let merged = FileManager.default.contents(atPath: dir.appendingPathComponent("shared/" + file).path)
            XCTAssertNotNil(merged, file)
            XCTAssertEqual(merged, FileManager.default.contents(atPath: dir.appendingPathComponent("single/" + file).path), file)
        }
    }

    func testSubmitSendsTheArrayThenTheMergeJobDependingOnIt() throws {
        let bin = try fakeSbatch()
        let outcome = try CLI.run(["cluster", "slurm", "tiny.yaml", "--shards", "4", "--submit"], in: dir,
                                  replacingEnvironment: environment(path: "\(bin):/usr/bin:/bin"))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let calls = sbatchCalls
        XCTAssertEqual(calls.count, 2)
        XCTAssertTrue(calls[0].hasPrefix("--parsable --array=1-4 --output=Reports/.slurm/tiny-%A_%a.out "), calls[0])
        XCTAssertTrue(calls[0].hasSuffix("/Reports/tiny.slurm.sh shard"), calls[0])
        XCTAssertTrue(calls[1].hasPrefix("--parsable --dependency=afterok:41 --kill-on-invalid-dep=yes "), calls[1])
        XCTAssertTrue(calls[1].hasSuffix("/Reports/tiny.slurm.sh merge"), calls[1])
        XCTAssertTrue(outcome.stdout.contains("submitted array job 41"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("submitted merge job 42:"), outcome.stdout)
    }

    func testWaitReportsAMergeJobThatDidNotFinish() throws {
        let bin = try fakeSbatch(mergeStatus: 1)
        let outcome = try CLI.run(["cluster", "slurm", "tiny.yaml", "--shards", "2", "--submit", "--wait"], in: dir,
                                  replacingEnvironment: environment(path: "\(bin):/usr/bin:/bin"))
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(sbatchCalls.last?.hasPrefix("--parsable --wait --dependency=afterok:41 ") ?? false, "\(sbatchCalls)")
        XCTAssertTrue(outcome.stderr.contains("merge job 42 did not finish"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("submit again"), outcome.stderr)
    }

    /// One stderr line naming `words`, a non-zero exit, no script or results folder, no sbatch call.
    func assertRefused(_ arguments: [String], path: String? = nil, mentions words: [String],
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let bin = try fakeSbatch()
        let outcome = try CLI.run(["cluster", "slurm"] + arguments, in: dir,
                                  replacingEnvironment: environment(path: path ?? "\(bin):/usr/bin:/bin"))
        XCTAssertNotEqual(outcome.status, 0, file: file, line: line)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr, file: file, line: line)
        for word in words {
            XCTAssertTrue(outcome.stderr.contains(word), "'\(word)' not in: \(outcome.stderr)", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Reports").path), file: file, line: line)
        XCTAssertEqual(sbatchCalls, [], file: file, line: line)
    }

    func testNoTasksIsRefused() throws {
        try assertRefused(["tiny.yaml", "--shards", "0", "--submit"], mentions: ["--shards 0", "at least 1"])
    }

    func testMoreTasksThanCellsIsRefused() throws {
        try assertRefused(["tiny.yaml", "--shards", "5", "--submit"], mentions: ["--shards 5", "4 cells"])
    }

    func testSpecFailingValidationIsRefusedBeforeSubmitting() throws {
        try spec.replacingOccurrences(of: "mxfp4", with: "mxfp5").write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        try assertRefused(["bad.yaml", "--shards", "2", "--submit"], mentions: ["bad.yaml", "mxfp5"])
        try assertRefused(["missing.yaml", "--shards", "2", "--submit"], mentions: ["missing.yaml"])
    }

    func testMissingSbatchNamesThePackage() throws {
        let empty = dir.appendingPathComponent("emptybin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try assertRefused(["tiny.yaml", "--shards", "2", "--submit"], path: empty.path, mentions: ["sbatch", "slurm-client"])
    }

    func testBadResourcesAreRefused() throws {
        try assertRefused(["tiny.yaml", "--shards", "2", "--time", "1h"], mentions: ["--time \"1h\"", "Slurm time limit"])
        try assertRefused(["tiny.yaml", "--shards", "2", "--partition", "gpu\n#SBATCH --mem=1"], mentions: ["--partition \"gpu\\n#SBATCH"])
        try assertRefused(["tiny.yaml", "--shards", "2", "--cpus", "0"], mentions: ["--cpus 0"])
        try assertRefused(["tiny.yaml", "--shards", "2", "--quantlab", "no/such/quantlab"], mentions: ["no/such/quantlab"])
    }
}
