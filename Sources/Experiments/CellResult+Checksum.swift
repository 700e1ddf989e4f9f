import Foundation
import Metrics

extension CellResult {
    /// The checksum of this result's content: lower-case hex SHA-256 of its JSON encoding
    /// (`QuantizationErrorReport.makeJSONEncoder`, sorted keys) with `index` set to 0 and no
    /// checksum. The index is left out because a cached result is reused at whatever position its
    /// cell has in a later spec. It detects edited or corrupted values in cache entries and
    /// results files; it is not a signature (anyone can recompute it).
    public var contentChecksum: String {
        var canonical = self
        canonical.index = 0
        canonical.checksum = nil
        let data = (try? QuantizationErrorReport.makeJSONEncoder().encode(canonical)) ?? Data()
        return SHA256.hex(bytes: [UInt8](data))
    }

    /// This result with its checksum set.
    public func sealed() -> CellResult {
        var result = self
        result.checksum = contentChecksum
        return result
    }

    /// True when the result carries a checksum and its content still matches it.
    public var isIntact: Bool { checksum == contentChecksum }

    /// Why this result is not the result of `cell` (key hash, coordinates or checksum), or nil.
    public func mismatch(with cell: SweepCell) -> String? {
        guard hash == cell.hash else { return "its key hash is not that of the spec's cell (\(cell.label))" }
        let fields = [("data", data, cell.data.name), ("source", source, cell.data.source.description),
                      ("transform", transform, cell.transform.description), ("format", format, cell.format.spec),
                      ("rounding", rounding, cell.rounding.rawValue)]
        if let (field, mine, theirs) = fields.first(where: { $0.1 != $0.2 }) {
            return "the results file has \(field) \(mine) where the spec has \(theirs)"
        }
        guard isIntact else { return checksum == nil ? "it carries no checksum" : "its values do not match its checksum (edited or corrupt)" }
        return nil
    }
}
