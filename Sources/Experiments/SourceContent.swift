import Tensors

/// What a data source holds, found before any cell runs: the tensors it takes (names, dtypes,
/// shapes, from the file headers), the tensors a safetensors glob skipped, and the SHA-256 of the
/// bytes the tensors are read from (`TensorSource.inspect`: the whole .npy file, or each taken
/// safetensors tensor's name, dtype, shape and data). Cell keys of file sources carry the digest,
/// so a rewritten file is recomputed and results are never keyed by a path alone; synthetic
/// sources have no digest (their canonical spec determines their values).
public struct SourceContent: Sendable, Equatable, Codable {
    public var tensors: [TensorListing.Item]
    public var skipped: [TensorListing.Item]
    /// Lower-case hex SHA-256 of the content bytes; nil for synthetic sources.
    public var digest: String?

    public init(tensors: [TensorListing.Item], skipped: [TensorListing.Item] = [], digest: String?) {
        self.tensors = tensors; self.skipped = skipped; self.digest = digest
    }
}
