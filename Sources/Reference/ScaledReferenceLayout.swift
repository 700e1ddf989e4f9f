import Formats

/// Group membership of a C-order tensor, from `Granularity`'s definition (written out index by
/// index here, not through `GroupLayout`):
/// - `tensor`: one group;
/// - `block(size)`: along the last axis, `ceil(L / size)` groups per row of length L (row-major), the
///   last one partial when `size` does not divide L; a block larger than L is an error;
/// - `channel(axis)`: group = the element's index along `axis` (negative counts from the end);
/// - `cross(alpha)`: every element is its own group.
/// Groups are numbered in C order of their first element.
public struct ScaledReferenceLayout: Sendable {
    /// The group of every element.
    public let groupOf: [Int]
    public let groupCount: Int
    /// The last axis' length: `cross` reads the tensor as [count / rowLength, rowLength].
    public let rowLength: Int

    public init(_ granularity: Granularity, shape: [Int], count: Int) throws {
        guard shape.reduce(1, *) == count else {
            throw ScaledReferenceError.invalidShape("shape \(shape) does not hold \(count) elements")
        }
        switch granularity {
        case .tensor:
            groupOf = [Int](repeating: 0, count: count)
            groupCount = 1
        case let .block(size):
            let last = Swift.max(shape.last ?? count, 1)
            guard size >= 1, size <= last else {
                throw ScaledReferenceError.invalidShape("block size \(size) does not fit the last axis \(last) of shape \(shape)")
            }
            let perRow = (last + size - 1) / size
            groupOf = (0 ..< count).map { i in (i / last) * perRow + (i % last) / size }
            groupCount = (count / last) * perRow
        case let .channel(axis):
            let a = axis < 0 ? shape.count + axis : axis
            guard a >= 0, a < shape.count else {
                throw ScaledReferenceError.invalidShape("channel axis \(axis) out of range for shape \(shape)")
            }
            // C order: the index along axis a is (i / stride_a) mod shape[a], stride_a = product of later axes.
            let stride = shape[(a + 1)...].reduce(1, *)
            groupOf = (0 ..< count).map { i in (i / stride) % shape[a] }
            groupCount = shape[a]
        case .cross:
            // Every element its own group; its amax comes from its row and column (`ScaledReference`).
            groupOf = Array(0 ..< count)
            groupCount = count
        }
        rowLength = Swift.max(shape.last ?? count, 1)
    }

    /// The element indices of every group, ascending.
    public var members: [[Int]] {
        var m = [[Int]](repeating: [], count: groupCount)
        for (i, g) in groupOf.enumerated() { m[g].append(i) }
        return m
    }
}

public enum ScaledReferenceError: Error, CustomStringConvertible, Equatable {
    /// The shape does not fit the granularity (the fast path throws too).
    case invalidShape(String)
    /// A group needs a stored scale above the (single-level) minifloat scale format's largest value:
    /// `fl32(amax / elemMax) > scaleMax`.
    case scaleOverflow(needed: Float, scaleMax: Float)
    case unsupported(String)

    public var description: String {
        switch self {
        case let .invalidShape(why): return "scaled reference: \(why)"
        case let .scaleOverflow(needed, max): return "scaled reference: a group needs the scale \(needed), above the scale format's largest value \(max)"
        case let .unsupported(why): return "scaled reference: \(why)"
        }
    }
}
