import Experiments
import Formats
import Foundation
import Models

/// The models a sweep's `model:` entries can name (`Models.ModelManifest.known`), checked and run
/// for `Experiments`: a model is described from its verified cache folder (every pinned file present
/// with its SHA-256, else one line naming `quantlab model fetch NAME`), and its cells run as
/// `ModelCellRun` computes them, entry by entry with one FP32 reference run per entry.
public struct ModelSweepCatalog: ModelCatalog {
    public let cache: ModelCache
    /// Descriptions already checked by this catalog (a notebook's entries hash the model files once).
    private let checked = Checked()

    private final class Checked: @unchecked Sendable {
        let lock = NSLock()
        var byName: [String: ModelDescription] = [:]
    }

    public init(cache: ModelCache = ModelCache()) { self.cache = cache }

    public func describe(_ name: String) throws -> ModelDescription {
        checked.lock.lock()
        let known = checked.byName[name]
        checked.lock.unlock()
        if let known { return known }
        let description = try check(name)
        checked.lock.lock()
        checked.byName[name] = description
        checked.lock.unlock()
        return description
    }

    func check(_ name: String) throws -> ModelDescription {
        let manifest = try ModelManifest.named(name)
        let folder = try cache.verified(manifest)
        let config = try BertConfig(folder: folder)
        return ModelDescription(name: name, digest: SHA256.hex(manifest.files.map { "\($0.path)=\($0.sha256)" }.joined(separator: "\n")),
                                reductions: Array(Set([config.hidden, config.intermediate])).sorted())
    }

    public func problem(format: any TensorFormat, operand: ModelOperand, model: ModelDescription) -> String? {
        do {
            let config = try BertConfig(folder: cache.folder(for: try ModelManifest.named(model.name)))
            return QuantizationScheme.problem(format: format, operand: operand.rawValue, config: config)
        } catch { return "\(error)" }
    }

    public func problem(exception text: String, model: ModelDescription) -> String? {
        QuantizationScheme.problem(exception: text)
    }

    public func problem(accumulator: String, promotion: Int?) -> String? {
        do { _ = try GemmProduct(accumulator: accumulator, promotion: promotion) } catch { return "\(error)" }
        return nil
    }

    public func run(_ cells: [ModelCell], concurrency: Int?, finished: (ModelCell, CellResult) throws -> Void) throws {
        var entries: [Int] = []
        for c in cells where !entries.contains(c.entryIndex) { entries.append(c.entryIndex) }
        for e in entries {
            let group = cells.filter { $0.entryIndex == e }
            let run = try ModelCellRun(entry: group[0].entry, cache: cache, concurrency: concurrency)
            for cell in group {
                do { try finished(cell, try run.measure(cell)) } catch let error as SweepError { throw error } catch {
                    throw SweepError.cell(index: cell.index, description: cell.label, reason: "\(error)")
                }
            }
        }
    }
}
