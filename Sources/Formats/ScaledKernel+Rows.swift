/// The fused pass of per-element scales computed a row piece at a time (`cross`): for each piece of
/// at most `RowPass.piece` elements of one row, its scales (`RowPass.scales`, into a piece-sized
/// scratch or the kept scale arrays), then the element loop with per-element scales while they are
/// in cache, the special groups (`SpecialScale`) last. Pieces run on all cores; every element gets
/// the value of the element pass over precomputed scales (`ScaledKernel.run`).
extension ScaledKernel {
    @usableFromInline
    func runRows<E: ElementRounding>(_ e: E, _ pass: RowPass) {
        let piece = Swift.min(pass.rowLength, RowPass.piece)
        ParallelChunks.run(count: layout.count) { start, end in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: piece) { bits in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * piece) { scratch in
                    RowPass.forEachPiece(from: start, to: end, rowLength: pass.rowLength) { first, row, j0, j1 in
                        let last = first + (j1 - j0)
                        let stored = pass.stored.map { $0 + first } ?? scratch.baseAddress!
                        let applied = pass.applied.map { $0 + first } ?? scratch.baseAddress! + piece
                        let special = pass.scales(row, j0, j1, bits.baseAddress!, stored, applied)
                        elements(e, first, last, applied)
                        if special { fixSpecialGroups(first, last, applied) }
                    }
                }
            }
        }
    }
}

/// What the row pass needs beyond the kernel: the row length, where to keep the scales (nil: not
/// kept), and `scales(row, j0, j1, amaxScratch, stored, applied)`, which writes the stored and
/// applied scales of elements `j0 ..< j1` of `row` (using `amaxScratch`, `piece` entries) and
/// returns whether one is special.
@usableFromInline
struct RowPass {
    /// Elements per piece: their scales and values stay in the first-level cache.
    static let piece = 4096

    @usableFromInline let rowLength: Int
    @usableFromInline let stored: UnsafeMutablePointer<Float>?
    @usableFromInline let applied: UnsafeMutablePointer<Float>?
    @usableFromInline let scales: (Int, Int, Int, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Bool

    init(rowLength: Int, stored: UnsafeMutablePointer<Float>?, applied: UnsafeMutablePointer<Float>?,
         scales: @escaping (Int, Int, Int, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Bool) {
        self.rowLength = Swift.max(rowLength, 1); self.stored = stored; self.applied = applied; self.scales = scales
    }

    /// Calls `body(first, row, j0, j1)` for the pieces of `[from, to)`: elements `first ..< first +
    /// (j1 - j0)`, columns `j0 ..< j1` of `row`, at most `piece` of them, never across a row's end.
    @inline(__always)
    static func forEachPiece(from: Int, to: Int, rowLength: Int, _ body: (Int, Int, Int, Int) -> Void) {
        var i = from
        while i < to {
            let row = i / rowLength, j0 = i - row * rowLength
            let j1 = Swift.min(rowLength, j0 + piece, j0 + (to - i))
            body(i, row, j0, j1)
            i += j1 - j0
        }
    }

    /// `forEachPiece` over a whole tensor on all cores, with an amax scratch of `piece` entries.
    static func forEachPiece(count: Int, rowLength: Int, _ body: (Int, Int, Int, Int, UnsafeMutablePointer<UInt32>) -> Void) {
        ParallelChunks.run(count: count) { start, end in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: piece) { bits in
                forEachPiece(from: start, to: end, rowLength: Swift.max(rowLength, 1)) { first, row, j0, j1 in
                    body(first, row, j0, j1, bits.baseAddress!)
                }
            }
        }
    }
}
