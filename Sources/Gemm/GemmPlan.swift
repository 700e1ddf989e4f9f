import Dispatch

/// The packed operands and the tiling every kernel shares.
///
/// Tiling: an output tile is `rowsPerTile` rows of A by `lanes` columns (rows of B); a work unit is
/// `tilesPerUnit` row tiles by one column panel, and walks K in chunks of `chunk` positions, all
/// its row tiles per chunk, so the panel's chunk of B stays in L1 while A's rows stay in L2. Each
/// output is computed by one unit, in K order, from state (t, acc, total) kept per output; units are
/// independent, so the result is the same for any number of threads.
///
/// B is packed panel by panel, `[k][lane]`, columns past N padded with zeros (their outputs are
/// dropped). Scales are expanded per segment: `aScales[row * S + s]`, `bScales[(panel * S + s) * lanes + lane]`.
struct GemmPlan {
    static let rowsPerTile = 6
    static let lanes = 16
    static let tilesPerUnit = 8
    static let chunk = 256

    let m: Int, n: Int, depth: Int
    let schedule: SegmentSchedule
    let a: QuantizedOperand
    let b: QuantizedOperand
    let panels: Int
    let bPanels: [Float]
    let aScales: [Float]?
    let bScales: [Float]?

    init(a: QuantizedOperand, b: QuantizedOperand, promotion: Int?) {
        self.a = a; self.b = b
        m = a.rows; n = b.rows; depth = a.depth
        schedule = SegmentSchedule(depth: depth, aGroupLength: a.groupLength, bGroupLength: b.groupLength, promotion: promotion)
        let lanes = GemmPlan.lanes, k = a.depth, n = b.rows
        let panels = (n + lanes - 1) / lanes
        self.panels = panels
        var packed = [Float](repeating: 0, count: panels * k * lanes)
        b.elements.withUnsafeBufferPointer { src in
            packed.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                DispatchQueue.concurrentPerform(iterations: panels) { p in
                    for l in 0 ..< min(lanes, n - p * lanes) {
                        let row = s + (p * lanes + l) * k
                        for kk in 0 ..< k { d[(p * k + kk) * lanes + l] = row[kk] }
                    }
                }
            }
        }
        bPanels = packed
        let segments = schedule.segments, count = segments.count, m = a.rows
        if let scales = a.scales {
            var out = [Float](repeating: 0, count: m * count)
            for r in 0 ..< m { for (s, seg) in segments.enumerated() { out[r * count + s] = scales[r * a.groupsPerRow + seg.aGroup] } }
            aScales = out
        } else { aScales = nil }
        if let scales = b.scales {
            var out = [Float](repeating: 0, count: panels * count * lanes)
            for j in 0 ..< n {
                let (p, l) = j.quotientAndRemainder(dividingBy: lanes)
                for (s, seg) in segments.enumerated() { out[(p * count + s) * lanes + l] = scales[j * b.groupsPerRow + seg.bGroup] }
            }
            bScales = out
        } else { bScales = nil }
    }

    var rowsPerUnit: Int { GemmPlan.rowsPerTile * GemmPlan.tilesPerUnit }
    var unitCount: Int { (m + rowsPerUnit - 1) / rowsPerUnit * panels }

    /// Runs `body(firstRow, panel)` for every work unit on all cores.
    func forEachUnit(_ body: (Int, Int) -> Void) {
        let rowUnits = (m + rowsPerUnit - 1) / rowsPerUnit
        DispatchQueue.concurrentPerform(iterations: rowUnits * panels) { u in
            let (rowUnit, panel) = u.quotientAndRemainder(dividingBy: panels)
            body(rowUnit * rowsPerUnit, panel)
        }
    }

    /// The K chunks of a unit, in order.
    var chunks: [(start: Int, end: Int)] {
        stride(from: 0, to: depth, by: GemmPlan.chunk).map { ($0, min(depth, $0 + GemmPlan.chunk)) }
    }

    /// Indices of the segments that overlap each chunk.
    var chunkSegments: [Range<Int>] {
        let segments = schedule.segments
        var first = 0
        return chunks.map { c in
            while segments[first].end <= c.start { first += 1 }
            var last = first
            while last < segments.count && segments[last].start < c.end { last += 1 }
            return first ..< last
        }
    }
}
