import Foundation
import Metrics
import Tensors

/// The results of a sweep (or a slice of one), as written to `NAME.json` and to shard files and
/// read back by `quantlab merge`.
public struct SweepResults: Codable, Sendable, Equatable {
    public var title: String
    /// SHA-256 of the spec text, and of the result-determining content (checked on merge).
    public var specSHA256: String
    public var resultsHash: String
    public var quantlabVersion: String
    public var mpfrVersion: String
    public var seed: UInt64
    /// The slice these results cover; nil for a whole sweep.
    public var shard: Shard?
    /// Cells sorted by index.
    public var cells: [CellResult]

    /// `mpfrVersion` is the linked GNU MPFR that `quantlab verify` checks the formats against; the
    /// runner records what it was given (Experiments does not link MPFR itself).
    public init(spec: SweepSpec, shard: Shard?, cells: [CellResult], mpfrVersion: String) {
        title = spec.title
        specSHA256 = spec.textSHA256
        resultsHash = spec.resultsHash
        quantlabVersion = QuantLabVersion.string
        self.mpfrVersion = mpfrVersion
        seed = spec.seed
        self.shard = shard
        self.cells = cells.sorted { $0.index < $1.index }
    }

    /// Encoded JSON (`StrictJSON`: sorted keys, pretty, non-finite numbers as null listed in the
    /// object's `nonFinite`): byte-identical for equal results.
    public func encoded() throws -> Data {
        try StrictJSON.encode(self, pretty: true)
    }

    /// Reads a results file.
    public static func load(path: String) throws -> SweepResults {
        let data: Data
        do { data = Data(try RegularFile.contents(atPath: path)) } catch {
            throw SweepError.io(path: path, reason: "cannot read results file: \(RegularFile.problem(error))")
        }
        do {
            return try StrictJSON.decode(SweepResults.self, from: data)
        } catch {
            throw SweepError.io(path: path, reason: "not a QuantLab results file (\(error))")
        }
    }

    /// Joins slices of the sweep `spec` into the whole: every slice must come from the same spec,
    /// every cell must be one of the spec's cells (an index in range, inside its file's shard,
    /// with the cell's key hash and coordinates, and content matching its checksum), and together
    /// they must hold every cell exactly once. `names` name the files in errors.
    public static func merge(_ parts: [SweepResults], spec: SweepSpec, names: [String]? = nil) throws -> SweepResults {
        let expected = spec.cells(), models = spec.modelCells()
        let total = expected.count + models.count
        var byIndex: [Int: CellResult] = [:]
        for (p, part) in parts.enumerated() {
            let name = names.map { $0[p] } ?? "results file \(p + 1) (shard \(part.shard?.description ?? "whole"))"
            guard part.resultsHash == spec.resultsHash else {
                throw SweepError.merge("\(name) comes from a different spec or QuantLab version")
            }
            for cell in part.cells {
                guard (0..<total).contains(cell.index) else {
                    throw SweepError.merge("\(name): cell index \(cell.index) is not a cell of this spec (0...\(total - 1))")
                }
                if let shard = part.shard, !shard.contains(cell.index) {
                    throw SweepError.merge("\(name): cell \(cell.index) is not in shard \(shard)")
                }
                let problem = cell.index < expected.count ? cell.mismatch(with: expected[cell.index]) : models[cell.index - expected.count].mismatch(cell)
                if let problem {
                    throw SweepError.merge("\(name): cell \(cell.index): \(problem)")
                }
                if let other = byIndex[cell.index], other != cell { throw SweepError.merge("cell \(cell.index) appears twice with different results") }
                byIndex[cell.index] = cell
            }
        }
        let missing = expected.map { ($0.index, $0.label) } + models.map { ($0.index, $0.label) }
        let absent = missing.filter { byIndex[$0.0] == nil }
        guard absent.isEmpty else {
            throw SweepError.merge("\(absent.count) of \(total) cells missing (first: cell \(absent[0].0), \(absent[0].1))")
        }
        return SweepResults(spec: spec, shard: nil, cells: Array(byIndex.values), mpfrVersion: parts.first?.mpfrVersion ?? "")
    }
}
