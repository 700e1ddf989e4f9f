/// The groups a search gives their own point, on the [rows, columns] view of a C-order tensor
/// (columns = the last axis): the whole tensor, each row, or each column (a channel of the last
/// axis). A group is quantized as a tensor of its own: the whole tensor with its shape, a row as
/// [1, columns], a column as [rows].
struct SearchGroups: Sendable {
    let per: SearchSpec.Per
    let shape: [Int]
    let rows: Int
    let columns: Int

    init(_ per: SearchSpec.Per, shape: [Int], count: Int) {
        self.per = per
        self.shape = shape
        columns = Swift.max(1, shape.last ?? count)
        rows = count / columns
    }

    var count: Int {
        switch per {
        case .tensor: return 1
        case .row: return rows
        case .channel: return columns
        }
    }

    /// Elements per group.
    var size: Int {
        switch per {
        case .tensor: return rows * columns
        case .row: return columns
        case .channel: return rows
        }
    }

    /// The shape a group is quantized with.
    var groupShape: [Int] {
        switch per {
        case .tensor: return shape
        case .row: return [1, columns]
        case .channel: return [rows]
        }
    }

    /// Copies group `g` of `src` into `dst` (`size` elements).
    func gather(_ g: Int, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        switch per {
        case .tensor: dst.update(from: src, count: size)
        case .row: dst.update(from: src + g * columns, count: columns)
        case .channel: for r in 0 ..< rows { dst[r] = src[r * columns + g] }
        }
    }

    /// Copies `src` (`size` elements) into group `g` of `dst`.
    func scatter(_ g: Int, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        switch per {
        case .tensor: dst.update(from: src, count: size)
        case .row: (dst + g * columns).update(from: src, count: columns)
        case .channel: for r in 0 ..< rows { dst[r * columns + g] = src[r] }
        }
    }
}
