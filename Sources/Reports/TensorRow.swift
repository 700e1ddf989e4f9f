import Experiments

/// A table row of one data source: the whole source when it loaded one tensor; else one row per
/// tensor and then one per `TensorAggregate`, each labeled with what it aggregates.
enum TensorRow: Equatable {
    case whole
    case tensor(String)
    case aggregate(TensorAggregate, tensors: Int)

    /// The rows of data `d` (its tensors are those of its first cell: every cell of a data source
    /// loads the same tensors).
    static func rows(_ grid: ResultGrid, data d: String) -> [TensorRow] {
        guard let cell = grid.cells.first(where: { $0.data == d }), cell.tensors.count > 1 else { return [.whole] }
        return cell.tensors.map { .tensor($0.name) } + TensorAggregate.allCases.map { .aggregate($0, tensors: cell.tensors.count) }
    }

    /// True when some data source loaded several tensors (tables then have a tensor column part).
    static func anySeveral(_ grid: ResultGrid) -> Bool { grid.cells.contains { $0.tensors.count > 1 } }

    /// `metric` of `cell` on this row.
    func value(_ metric: MetricColumn, _ cell: CellResult) -> Double? {
        switch self {
        case .whole: return metric.value(cell)
        case let .tensor(name): return cell.tensors.first { $0.name == name }.flatMap { metric.value(cell, tensor: $0) }
        case let .aggregate(aggregate, _): return metric.value(cell, aggregate)
        }
    }

    /// The label part naming the tensor or aggregate (nil for a whole single-tensor source).
    func label(for metric: MetricColumn?) -> String? {
        switch self {
        case .whole: return nil
        case let .tensor(name): return name
        case let .aggregate(aggregate, tensors): return aggregate.label(for: metric, tensors: tensors)
        }
    }
}
