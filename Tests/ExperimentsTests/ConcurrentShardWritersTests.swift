import Dispatch
import Foundation
import XCTest
@testable import Experiments
@testable import Workflows

/// The guarantees `quantlab cluster slurm` relies on when array tasks share one results folder:
/// tasks that start together create the cache folder together, write their cells and shard files
/// side by side, and a task run twice at once (a resubmission while the first run still goes)
/// writes the same files with the same bytes; the merge equals a single run.
final class ConcurrentShardWritersTests: XCTestCase {
    func testShardTasksStartingTogetherInOneFreshFolder() throws {
        let dir = try TestSupport.scratch()
        let specPath = dir + "/tiny.yaml"
        try TestSupport.tinyYAML.write(toFile: specPath, atomically: true, encoding: .utf8)
        let shared = dir + "/shared/results"  // does not exist yet: every task creates it
        let count = 4
        // Tasks 1...4, and task 2 a second time: 5 concurrent writers, two of them on the same files.
        let tasks = [1, 2, 3, 4, 2]
        let outcomes = ConcurrentOutcomes(count: tasks.count)
        DispatchQueue.concurrentPerform(iterations: tasks.count) { slot in
            let job = SweepJob(specPath: specPath, reportsDirectory: shared, runner: SweepRunner(jobs: 1, kernelConcurrency: 1))
            outcomes.set(slot, Result { try job.run(shard: Shard(index: tasks[slot], count: count)).files })
        }
        let files = try outcomes.values.map { try $0!.get() }
        XCTAssertEqual(files[1], files[4])
        XCTAssertEqual(TestSupport.files(in: shared).filter { $0.contains(".tmp") }, [])
        XCTAssertEqual(TestSupport.files(in: shared).filter { $0.hasPrefix(".cache/") }.count, 24)

        try SweepJob(specPath: specPath, reportsDirectory: shared).merge(files.prefix(count).map { $0[0] })
        let single = dir + "/single"
        try SweepJob(specPath: specPath, reportsDirectory: single, runner: SweepRunner(jobs: 2)).run()
        for name in ["tiny.md", "tiny.csv", "tiny.json", "tiny-qsnr-by-format.svg"] {
            XCTAssertEqual(FileManager.default.contents(atPath: shared + "/" + name), FileManager.default.contents(atPath: single + "/" + name), name)
        }
    }
}

/// Result slots filled from concurrent workers.
private final class ConcurrentOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result<[String], Error>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ slot: Int, _ value: Result<[String], Error>) {
        lock.lock(); defer { lock.unlock() }
        values[slot] = value
    }
}
