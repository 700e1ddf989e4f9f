import Formats
import Tensors

/// The checks of a sweep's items, in one place for every way a sweep is read: `SweepSpec(yaml:)`
/// (spec files and notebook blocks) reports their errors with file, line and key, `quantlab analyze`
/// with the option at fault. Each returns the parsed item or throws one line saying what is wrong.
public enum SweepChecks {
    /// The accepted crest-factor block sizes (`block_size`, `--block-size`).
    public static let blockSizes = 1 ... (1 << 20)

    /// A format spec parsed once, and checked against the shape of every tensor of `data` (a block
    /// longer than a row, a channel axis a tensor does not have).
    public static func format(_ text: String, data: [DataInput] = []) throws -> ParsedFormat {
        let parsed = try ParsedFormat(parsing: text)
        if let problem = data.lazy.compactMap({ $0.problem(withFormat: parsed.format) }).first { throw SpecValueError(message: problem) }
        return parsed
    }

    public static func rounding(_ text: String) throws -> RoundingMode { try RoundingMode(name: text) }

    public static func blockSize(_ n: Int) throws -> Int {
        guard blockSizes.contains(n) else { throw SpecValueError(message: "must be in \(blockSizes.lowerBound)...\(blockSizes.upperBound)") }
        return n
    }

    /// A data source in `TensorSource` syntax, named `name` (default: `DataInput.defaultName`);
    /// synthetic sources without a seed take `seed`. A missing or malformed file, or a selection
    /// that takes nothing, fails here, before any work; files are read through `sources` (content
    /// digests, `SourceIndex`).
    public static func data(_ text: String, name: String? = nil, seed: UInt64, sources: SourceIndex = .shared) throws -> DataInput {
        let source = try TensorSource(parsing: text, defaultSeed: seed)
        return try DataInput(name: name ?? DataInput.defaultName(of: source), source: source, index: sources)
    }

    /// A transform that the rows of every tensor of `data` can take.
    public static func transform(_ transform: TransformSpec, data: [DataInput]) throws -> TransformSpec {
        if let problem = data.lazy.compactMap({ $0.problem(with: transform) }).first { throw SpecValueError(message: problem) }
        return transform
    }

    /// An entry of a list that fails its check (`reason` is the error) or repeats an earlier one (nil).
    public struct ItemError: Error {
        public var index: Int
        public var text: String
        public var reason: Error?
    }

    /// Each of `texts` parsed by `parse`, in order; the first that fails or equals an earlier one
    /// throws `ItemError`.
    public static func list<T: Equatable>(_ texts: [String], _ parse: (String) throws -> T) throws -> [T] {
        var values: [T] = []
        for (i, text) in texts.enumerated() {
            let value: T
            do { value = try parse(text) } catch { throw ItemError(index: i, text: text, reason: error) }
            guard !values.contains(value) else { throw ItemError(index: i, text: text, reason: nil) }
            values.append(value)
        }
        return values
    }
}
