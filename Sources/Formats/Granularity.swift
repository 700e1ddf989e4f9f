/// Which elements share one scale.
public enum Granularity: Sendable, Hashable {
    /// One scale for the whole tensor.
    case tensor
    /// One scale per index along `axis` (reduced over every other axis); negative counts from the end.
    case channel(axis: Int)
    /// One scale per `size` consecutive elements along the last axis; a row whose length is not a
    /// multiple of `size` ends in a partial block, scaled on the elements it has.
    case block(size: Int)

    public var name: String {
        switch self {
        case .tensor: return "tensor"
        case let .channel(axis): return "channel=\(axis)"
        case let .block(size): return "block=\(size)"
        }
    }
}
