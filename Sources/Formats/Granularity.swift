/// Which elements share one scale.
public enum Granularity: Sendable, Hashable {
    /// One scale for the whole tensor.
    case tensor
    /// One scale per index along `axis` (reduced over every other axis); negative counts from the end.
    case channel(axis: Int)
    /// One scale per `size` consecutive elements along the last axis; a row whose length is not a
    /// multiple of `size` ends in a partial block, scaled on the elements it has.
    case block(size: Int)
    /// CrossQuant's scale (arXiv 2410.07505; our reconstruction from its abstract and reviews, the
    /// paper's equation was not read): every element has its own scale from its row's and its
    /// column's absmax on the [rows, last axis] view, `amax_ij = t_i^alpha c_j^(1 - alpha)`
    /// (`ScaledFormat+Cross`); alpha = 1 is per row (per token), alpha = 0 per column (per channel).
    case cross(alpha: Double)

    public var name: String {
        switch self {
        case .tensor: return "tensor"
        case let .channel(axis): return "channel=\(axis)"
        case let .block(size): return "block=\(size)"
        case let .cross(alpha): return "cross(alpha=\(alpha))"
        }
    }
}
