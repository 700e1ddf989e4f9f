import Formats

extension SweepSpec {
    /// The first (format, data name) pair that cannot run for want of activations: a search with
    /// `objective=output` paired with a data entry that names none; nil when there is none.
    public static func missingActivations(data: [DataInput], formats: [String], cells: [CellChoice]?) -> (format: String, data: String)? {
        let pairs = cells.map { $0.map { ($0.data, $0.format) } } ?? data.indices.flatMap { d in formats.map { (d, $0) } }
        for (d, f) in pairs where data[d].activations == nil {
            if let search = try? FormatRegistry.tensorFormat(f) as? SearchFormat, search.needsActivations { return (f, data[d].name) }
        }
        return nil
    }
}
