import Experiments
import Foundation
import Reports

/// What `quantlab sweep` and `quantlab merge` do, as library calls: load the spec (or the built-in
/// default), run it with the results cache, and write the report (or, for a shard, its slice).
public struct SweepJob: Sendable {
    /// The spec file; nil runs the built-in default sweep.
    public var specPath: String?
    /// Where reports and the results cache (`.cache/`) go.
    public var reportsDirectory: String
    public var runner: SweepRunner

    public init(specPath: String?, reportsDirectory: String = "Reports", runner: SweepRunner = SweepRunner()) {
        self.specPath = specPath
        self.reportsDirectory = reportsDirectory
        self.runner = runner
    }

    /// The spec and the report name (the file's base name without extension, or `default`).
    /// Content digests of data files are kept in `<reports>/.cache/sources.json`.
    public func loadSpec() throws -> (spec: SweepSpec, name: String) {
        guard let specPath else { return (try DefaultSweep.spec(), DefaultSweep.name) }
        let name = ((specPath as NSString).lastPathComponent as NSString).deletingPathExtension
        return (try SweepSpec(path: specPath, sources: SourceIndex(file: "\(reportsDirectory)/.cache/sources.json"), models: ModelSweepCatalog()), name)
    }

    /// What a run wrote.
    public struct Summary: Sendable {
        public var name: String
        public var cells: Int
        public var computed: Int
        public var files: [String]
        /// `NonFinitePolicy.warnings` of the results (non-finite input values replaced by 0).
        public var warnings: [String] = []
    }

    /// Runs the sweep (or one shard of it) and writes the report (or the shard's results file,
    /// `<name>.shard-<i>-of-<n>.json`, for `quantlab merge`).
    public func run(shard: Shard? = nil) throws -> Summary {
        let (spec, name) = try loadSpec()
        ResultStore.removeStaleTemporaries(reportsDirectory: reportsDirectory)
        try MemoryNeed.check(try MemoryNeed.sweep(spec, jobs: runner.jobs, shard: shard), for: "sweep \(name)")
        var runner = self.runner.recordingLinkedVersions()
        runner.store = ResultStore(reportsDirectory: reportsDirectory, spec: spec)
        runner.models = runner.models ?? ModelSweepCatalog()
        let outcome = try runner.run(spec, shard: shard)
        let files: [String]
        if let shard {
            let path = "\(reportsDirectory)/\(Self.shardFileName(name: name, shard: shard))"
            try AtomicFile.write(outcome.results.encoded(), to: path)
            files = [path]
        } else {
            files = try ReportWriter.write(results: outcome.results, spec: spec, name: name, directory: reportsDirectory,
                                          source: .sweep(specPath, reportsDirectory: reportsDirectory))
        }
        return Summary(name: name, cells: outcome.results.cells.count, computed: outcome.computed, files: files,
                       warnings: spec.dataNotes + NonFinitePolicy.warnings(outcome.results))
    }

    /// Joins shard result files into the report a single run writes.
    public func merge(_ paths: [String]) throws -> Summary {
        let (spec, name) = try loadSpec()
        ResultStore.removeStaleTemporaries(reportsDirectory: reportsDirectory)
        let parts = try paths.map { try SweepResults.load(path: $0) }
        let results = try SweepResults.merge(parts, spec: spec, names: paths)
        let files = try ReportWriter.write(results: results, spec: spec, name: name, directory: reportsDirectory,
                                           source: .sweep(specPath, reportsDirectory: reportsDirectory))
        return Summary(name: name, cells: results.cells.count, computed: 0, files: files)
    }

    /// `<name>.shard-<i>-of-<n>.json`.
    public static func shardFileName(name: String, shard: Shard) -> String {
        "\(name).shard-\(shard.index)-of-\(shard.count).json"
    }
}
