/// What every kernel does around its inner loop: the per-unit state, the walk over chunks and
/// tiles, segment ends, promotions and the final sum.
extension GemmPlan {
    /// One output tile's view of the unit state and the operands, for K positions `start..<end`.
    struct Tile {
        /// A's rows (a zero row past M), `rowsPerTile` of them.
        var rows: [UnsafePointer<Float>]
        /// First output row of the tile (rows past M are computed on zeros and dropped).
        var firstRow: Int
        var panel: Int
        /// This tile's `rowsPerTile * lanes` state values.
        var t: UnsafeMutablePointer<Float>
        var acc: UnsafeMutablePointer<Float>
        var total: UnsafeMutablePointer<Float>
    }

    /// Runs `body(tile, chunkStart, chunkEnd, segments)` for every tile of every unit, chunk by
    /// chunk, with zeroed state, then writes `Y = fl32(total + acc)` (the final promotion).
    func runUnits(into y: UnsafeMutablePointer<Float>, extraState: Int = 0,
                  _ body: (Tile, UnsafeMutableRawPointer?, Int, Int, Range<Int>) -> Void) {
        let r = GemmPlan.rowsPerTile, l = GemmPlan.lanes, tiles = GemmPlan.tilesPerUnit
        let perTile = r * l
        let zeros = [Float](repeating: 0, count: depth)
        let chunks = self.chunks, chunkSegments = self.chunkSegments
        a.elements.withUnsafeBufferPointer { pa in
            zeros.withUnsafeBufferPointer { pz in
                let base = pa.baseAddress!, zero = pz.baseAddress!
                forEachUnit { firstRow, panel in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * tiles * perTile) { state in
                        let s = state.baseAddress!
                        s.initialize(repeating: 0, count: 3 * tiles * perTile)
                        let extra = extraState > 0 ? UnsafeMutableRawPointer.allocate(byteCount: extraState * tiles, alignment: 64) : nil
                        defer { extra?.deallocate() }
                        let tileCount = min(tiles, (m - firstRow + r - 1) / r)
                        let views = (0 ..< tileCount).map { tile -> Tile in
                            let row0 = firstRow + tile * r
                            let rows = (0 ..< r).map { row0 + $0 < m ? UnsafePointer(base + (row0 + $0) * depth) : UnsafePointer(zero) }
                            let offset = tile * perTile
                            return Tile(rows: rows, firstRow: row0, panel: panel, t: s + offset,
                                        acc: s + tiles * perTile + offset, total: s + 2 * tiles * perTile + offset)
                        }
                        for (c, chunk) in chunks.enumerated() {
                            for (i, view) in views.enumerated() {
                                body(view, extra.map { $0 + i * extraState }, chunk.start, chunk.end, chunkSegments[c])
                            }
                        }
                        for view in views {
                            for row in 0 ..< r where view.firstRow + row < m {
                                for lane in 0 ..< min(l, n - panel * l) {
                                    let q = row * l + lane
                                    y[(view.firstRow + row) * n + panel * l + lane] = view.total[q] + view.acc[q]
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `total = fl32(total + acc)`, `acc = 0` for a tile: a promotion (DeepSeek-V3 §3.3.2).
    @inline(__always)
    static func promote(_ tile: Tile) {
        for q in 0 ..< rowsPerTile * lanes {
            tile.total[q] += tile.acc[q]
            tile.acc[q] = 0
        }
    }

    /// The scale of row `row` of A at segment `s` (1 when A is unscaled or the row is padding).
    @inline(__always)
    func aScale(_ aScales: UnsafePointer<Float>?, row: Int, segment s: Int) -> Float {
        guard let aScales, row < m else { return 1 }
        return aScales[row * schedule.segments.count + s]
    }

    /// The segment end for a tile: `acc = round_F(acc + s_a s_b t)` exactly, then a promotion when
    /// the segment asks for one. `t` holds `value(q)` for output q.
    @inline(__always)
    func endSegment<F: AccumulatorFinish>(_ finish: F, _ tile: Tile, segment s: Int, aScales: UnsafePointer<Float>?,
                                          bScales: UnsafePointer<Float>?, value: (Int) -> Double) {
        let l = GemmPlan.lanes, count = schedule.segments.count
        let sb = bScales.map { $0 + (tile.panel * count + s) * l }
        for row in 0 ..< GemmPlan.rowsPerTile {
            let sa = Double(aScale(aScales, row: tile.firstRow + row, segment: s))
            for lane in 0 ..< l {
                let q = row * l + lane
                let c = sa * Double(sb?[lane] ?? 1)
                tile.acc[q] = finish.prepare(odd: F.oddSum(tile.acc[q], scale: c, value(q)))
            }
        }
        finish.complete(tile.acc, count: GemmPlan.rowsPerTile * l)
        if schedule.segments[s].promotes { GemmPlan.promote(tile) }
    }
}
