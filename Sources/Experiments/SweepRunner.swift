import Dispatch
import Foundation

/// Runs a sweep: expands the cells, reads cached results, computes the rest in parallel, stores
/// each result as it finishes, and returns every cell sorted by index.
///
/// Parallel scheme: `jobs` workers take the next uncomputed cell from a shared counter; each cell
/// is a pure function of its key (its kernels split work in fixed chunks), so results are the same
/// bits whatever `jobs` is and whatever order cells finish in.
public struct SweepRunner: Sendable {
    /// Cells computed at once (default: all cores).
    public var jobs: Int
    /// Threads for the metric reductions inside a cell (nil: all cores).
    public var kernelConcurrency: Int?
    /// The results cache; nil computes everything and stores nothing.
    public var store: ResultStore?
    /// Recompute every cell, overwriting cached results.
    public var fresh: Bool
    public var progress: ProgressReporter?
    /// The GNU MPFR version recorded in the results (`Workflows` passes the linked one).
    public var mpfrVersion: String
    /// Runs the cells of `model:` data entries (`ModelCatalog`; Workflows sets it).
    public var models: (any ModelCatalog)?

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, kernelConcurrency: Int? = nil,
                store: ResultStore? = nil, fresh: Bool = false, progress: ProgressReporter? = nil,
                mpfrVersion: String = "not recorded") {
        self.jobs = max(jobs, 1)
        self.kernelConcurrency = kernelConcurrency
        self.store = store
        self.fresh = fresh
        self.progress = progress
        self.mpfrVersion = mpfrVersion
    }

    /// What a run did: the results and how many cells were computed (not read from the cache).
    public struct Outcome: Sendable {
        public var results: SweepResults
        public var computed: Int
    }

    /// Runs `spec` (only the cells of `shard`, if given).
    public func run(_ spec: SweepSpec, shard: Shard? = nil) throws -> Outcome {
        let cells = spec.cells().filter { shard?.contains($0.index) ?? true }
        var results = [CellResult?](repeating: nil, count: cells.count)
        if !fresh, let store {
            for (i, cell) in cells.enumerated() { results[i] = store.load(cell) }
        }
        let todo = results.indices.filter { results[$0] == nil }
        progress?.begin(total: todo.count, cached: cells.count - todo.count)
        let computed = try compute(todo.map { cells[$0] })
        for (slot, result) in zip(todo, computed) { results[slot] = result }
        let model = try runModels(spec, shard: shard)
        return Outcome(results: SweepResults(spec: spec, shard: shard, cells: results.compactMap { $0 } + model.results, mpfrVersion: mpfrVersion),
                       computed: todo.count + model.computed)
    }

    /// Computes `cells` on `jobs` workers; the first failure (lowest cell index) is rethrown.
    private func compute(_ cells: [SweepCell]) throws -> [CellResult] {
        guard !cells.isEmpty else { return [] }
        let runner = CellRunner(cache: InputCache(), concurrency: kernelConcurrency)
        let state = WorkQueue(count: cells.count)
        let workers = min(jobs, cells.count)
        let work = { (_: Int) in
            while let i = state.next() {
                let cell = cells[i]
                do {
                    let result = try runner.run(cell).sealed()
                    try store?.save(result, for: cell)
                    state.finish(i, .success(result))
                    progress?.finished(cell)
                } catch {
                    let reason = "\(error)"
                    state.finish(i, .failure(SweepError.cell(index: cell.index, description: cell.label, reason: reason)))
                }
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return try state.results.map { try $0!.get() }
    }
}

/// The shared counter and result slots of one parallel run.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var failed = false
    private(set) var results: [Result<CellResult, Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The next cell to compute, or nil when all are taken or one has failed.
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard !failed, nextIndex < results.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func finish(_ i: Int, _ result: Result<CellResult, Error>) {
        lock.lock(); defer { lock.unlock() }
        if case .failure = result { failed = true }
        results[i] = result
    }
}
