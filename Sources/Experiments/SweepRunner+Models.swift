import Foundation

extension SweepRunner {
    /// The cells of the spec's `model:` entries (only those of `shard`): read from the results cache
    /// where present and intact, the rest computed by `models` (the catalog Workflows hands over) and
    /// stored as each finishes. Returns the results in cell order and how many were computed.
    func runModels(_ spec: SweepSpec, shard: Shard?) throws -> (results: [CellResult], computed: Int) {
        let cells = spec.modelCells().filter { shard?.contains($0.index) ?? true }
        guard !cells.isEmpty else { return ([], 0) }
        var results: [Int: CellResult] = [:]
        if !fresh, let store {
            for cell in cells { if let r = store.load(cell) { results[cell.index] = r } }
        }
        let todo = cells.filter { results[$0.index] == nil }
        if !todo.isEmpty {
            guard let models else {
                throw SweepError.cell(index: todo[0].index, description: todo[0].label, reason: "model cells need a model catalog (run them with `quantlab sweep` or `quantlab notebook`)")
            }
            progress?.begin(total: todo.count, cached: cells.count - todo.count)
            try models.run(todo, concurrency: kernelConcurrency) { cell, result in
                let sealed = result.sealed()
                try store?.save(sealed, for: cell)
                results[cell.index] = sealed
                progress?.finished(label: cell.label)
            }
        }
        return (cells.compactMap { results[$0.index] }, todo.count)
    }
}

extension ResultStore {
    func path(for cell: ModelCell) -> String { "\(directory)/\(cell.hash.prefix(32)).json" }

    /// The stored result of a model cell, re-indexed; nil when absent or not the cell's intact result.
    public func load(_ cell: ModelCell) -> CellResult? {
        guard let data = FileManager.default.contents(atPath: path(for: cell)),
              var result = try? StrictJSON.decode(CellResult.self, from: data),
              cell.mismatch(result) == nil else { return nil }
        result.index = cell.index
        return result
    }

    /// Stores a model cell's result atomically.
    public func save(_ result: CellResult, for cell: ModelCell) throws {
        try AtomicFile.write(try StrictJSON.encode(result), to: path(for: cell))
    }
}
