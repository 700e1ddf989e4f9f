import Experiments
import Formats

/// `quantlab analyze`: the one-tensor version of the sweep. Every metric of each format on one
/// tensor source, computed by the sweep's own machinery: the options become an in-memory
/// `SweepSpec` (one data source, one transform, the formats, one rounding mode) run by
/// `SweepRunner` without a results store, so the numbers are exactly those a sweep cell reports.
public struct Analysis: Sendable {
    /// Format specs, in table order (parsed once, by `spec()`).
    public var formats: [String]
    /// A `TensorSource` spec: `normal(shape=64x4096)`, `file.npy`, `model.safetensors:glob`.
    public var source: String
    /// Hadamard block size (`"full"` for whole rows), or nil for no rotation.
    public var hadamard: String?
    /// Seed of random Hadamard sign flips (needs `hadamard`); nil keeps the plain rotation.
    public var randomSigns: UInt64?
    public var rounding: String
    /// Seeds synthetic data without its own seed and stochastic rounding.
    public var seed: UInt64
    /// Block length of the block crest factor.
    public var blockSize: Int
    /// Replace NaN and infinite input values by 0 instead of failing (`NonFinitePolicy`).
    public var allowNonFinite: Bool

    public init(formats: [String], source: String, hadamard: String? = nil, randomSigns: UInt64? = nil,
                rounding: String = "nearest-even", seed: UInt64 = 0, blockSize: Int = 32, allowNonFinite: Bool = false) {
        self.formats = formats; self.source = source; self.hadamard = hadamard; self.randomSigns = randomSigns
        self.rounding = rounding; self.seed = seed; self.blockSize = blockSize; self.allowNonFinite = allowNonFinite
    }

    /// The transform the options name; throws `AnalysisError` for a bad block size or signs without a rotation.
    public func transform() throws -> TransformSpec {
        guard let hadamard else {
            if let s = randomSigns { throw AnalysisError("--random-signs \(s) needs --hadamard K|full") }
            return .none
        }
        let text = "hadamard:\(hadamard)" + (randomSigns.map { ":random:\($0)" } ?? "")
        do { return try TransformSpec(parsing: text) } catch {
            throw AnalysisError("bad --hadamard '\(hadamard)': expected a power-of-two block size or 'full' (\(error))")
        }
    }

    /// The in-memory sweep these options describe; every argument is checked here, before any work,
    /// by the checks a sweep file gets (`SweepChecks`).
    public func spec() throws -> SweepSpec {
        guard !formats.isEmpty else { throw AnalysisError("no formats: give at least one --format SPEC") }
        let parsedFormats: [ParsedFormat]
        do { parsedFormats = try SweepChecks.list(formats) { try SweepChecks.format($0) } } catch let e as SweepChecks.ItemError {
            throw AnalysisError(e.reason.map { "bad --format '\(e.text)': \($0)" } ?? "--format '\(e.text)' given twice")
        }
        guard SweepChecks.blockSizes.contains(blockSize) else {
            // Worded as the CLI's own range check (`ArgumentRange`), so the library and the CLI say the same.
            throw AnalysisError("--block-size \(blockSize) is not in \(SweepChecks.blockSizes.lowerBound)...\(SweepChecks.blockSizes.upperBound)")
        }
        let mode: RoundingMode
        do { mode = try SweepChecks.rounding(rounding) } catch { throw AnalysisError("bad --rounding '\(rounding)': \(error)") }
        let data: DataInput
        do { data = try SweepChecks.data(source, seed: seed) } catch { throw AnalysisError("bad source '\(source)': \(error)") }
        let transform: TransformSpec
        do { transform = try SweepChecks.transform(self.transform(), data: [data]) } catch let e as SpecValueError {
            throw AnalysisError("--hadamard \(hadamard ?? ""): \(e)")
        }
        for f in parsedFormats {
            if let problem = data.problem(withFormat: f.format) { throw AnalysisError("--format '\(f.spec)': \(problem)") }
        }
        let text = "analyze \(source) transform=\(transform) formats=\(formats.joined(separator: ",")) rounding=\(mode.rawValue) "
            + "seed=\(seed) block_size=\(blockSize) allow_nonfinite=\(allowNonFinite)"
        return SweepSpec(file: "analyze", text: text, title: "analyze \(data.name)", description: "", seed: seed,
                         blockSize: blockSize, data: [data], transforms: [transform], formats: parsedFormats, rounding: [mode],
                         metrics: MetricColumn.all, charts: [], explicitCells: nil, allowNonFinite: allowNonFinite)
    }

    /// Runs every format on the source (no results cache) and returns the cells in format order.
    /// Cells run one at a time (each one's kernels and metrics use every core), so the peak memory is
    /// the source plus one cell's arrays (`MemoryNeed.sweep`); a source that would not fit in the
    /// memory budget is refused before it is loaded.
    public func run(runner: SweepRunner = SweepRunner()) throws -> SweepResults {
        var runner = runner.recordingLinkedVersions()
        runner.store = nil
        runner.jobs = 1
        let spec = try spec()
        try MemoryNeed.check(try MemoryNeed.sweep(spec, jobs: runner.jobs), for: "analyze \(source)")
        return try runner.run(spec).results
    }
}
