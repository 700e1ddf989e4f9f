/// Which scale group each element of a C-order tensor belongs to, walked as contiguous runs.
public struct GroupLayout: Sendable, Equatable {
    @usableFromInline enum Walk: Sendable, Equatable {
        case tensor                                // one group
        case blocks(rowLength: Int, size: Int)     // groups of `size` along each row, last one partial
        case slabs(inner: Int, dim: Int)           // channel on a leading axis: `inner` elements per run
        case columns(rowLength: Int)               // channel on the last axis: one group per column
        case elements(rowLength: Int)              // cross: every element its own group, rows of `rowLength`
    }

    public let count: Int
    public let groupCount: Int
    @usableFromInline let walk: Walk

    public init(_ granularity: Granularity, shape: [Int], count: Int, spec: String) throws {
        guard shape.reduce(1, *) == count else {
            throw FormatError.invalidBlock("shape \(shape) does not hold \(count) elements")
        }
        self.count = count
        let last = Swift.max(shape.last ?? count, 1)
        switch granularity {
        case .tensor:
            walk = .tensor; groupCount = 1
        case let .block(size):
            guard size >= 1 else { throw FormatError.invalidBlock("block size \(size) in '\(spec)' must be at least 1") }
            guard size <= last else {
                throw FormatError.invalidBlock("block size \(size) in '\(spec)' is larger than the last axis (\(last)) of shape \(shape)")
            }
            walk = .blocks(rowLength: last, size: size)
            groupCount = (count / last) * ((last + size - 1) / size)
        case let .channel(axis):
            let a = axis < 0 ? shape.count + axis : axis
            guard shape.indices.contains(a) else {
                throw FormatError.invalidBlock("channel axis \(axis) in '\(spec)' is out of range for shape \(shape)")
            }
            let inner = shape[(a + 1)...].reduce(1, *)
            walk = inner == 1 ? .columns(rowLength: shape[a]) : .slabs(inner: inner, dim: shape[a])
            groupCount = shape[a]
        case .cross:
            walk = .elements(rowLength: last); groupCount = count
        }
    }

    /// The layout as rows of `rowLength` cut into groups of `size` (a partial one at a row's end),
    /// numbered in order, when it is one: blocks, and a channel on a leading axis whose every channel
    /// is one contiguous slab (axis 0) of at most 2^16 elements, which the fused block pass then
    /// reads once (`ScaledKernel.runBlocks`). Nil for every other layout.
    var fusedBlocks: (rowLength: Int, size: Int)? {
        switch walk {
        case let .blocks(rowLength, size): return (rowLength, size)
        case let .slabs(inner, dim) where inner > 0 && count / inner == dim && inner <= 1 << 16: return (inner, inner)
        default: return nil
        }
    }

    /// Calls `body(start, end, group, perElement)` for the maximal runs within `[from, to)` whose
    /// elements share `group`; with `perElement` the group of element i is `group + (i - start)`.
    @inlinable
    func forEachRun(from: Int, to: Int, _ body: (Int, Int, Int, Bool) -> Void) {
        var i = from
        while i < to {
            let end: Int
            switch walk {
            case .tensor:
                end = to; body(i, end, 0, false)
            case let .blocks(rowLength, size):
                let row = i / rowLength, col = i % rowLength
                end = Swift.min(to, row * rowLength + Swift.min(rowLength, (col / size + 1) * size))
                body(i, end, row * ((rowLength + size - 1) / size) + col / size, false)
            case let .slabs(inner, dim):
                end = Swift.min(to, (i / inner + 1) * inner)
                body(i, end, (i / inner) % dim, false)
            case let .columns(rowLength):
                end = Swift.min(to, (i / rowLength + 1) * rowLength)
                body(i, end, i % rowLength, true)
            case .elements:
                end = to; body(i, end, i, true)
            }
            i = end
        }
    }

    /// Calls `body(i, group)` for every element in order (the per-element form of `forEachRun`).
    @inlinable
    func forEachElement(_ body: (_ index: Int, _ group: Int) -> Void) {
        forEachRun(from: 0, to: count) { a, b, group, perElement in
            for i in a ..< b { body(i, perElement ? group + i - a : group) }
        }
    }
}
