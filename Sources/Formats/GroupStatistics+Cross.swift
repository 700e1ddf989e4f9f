/// The row and the column statistics of a [rows, columns] matrix in one read (the `cross` scale's
/// t_i and c_j): the same finite maxima and Inf/NaN flags as the per-row (`channel=0`) and per-column
/// (`channel=-1`) statistics. Tasks are (part of the rows, strip of 2048 columns), as in
/// `columnMaxima`; each keeps its columns' maxima for its rows and each row's maxima over its strip,
/// and both are reduced afterwards (max is order-independent: no dependence on the thread count).
extension GroupStatistics {
    init(highs: [Float], nonFinite: [Bool]) {
        lows = [Float](repeating: .infinity, count: highs.count)
        self.highs = highs
        self.nonFinite = nonFinite
    }

    static func crossMaxima(_ src: UnsafePointer<Float>, rows: Int, columns: Int) -> (rows: GroupStatistics, columns: GroupStatistics) {
        let strip = 2048, strips = (columns + strip - 1) / strip
        let parts = Swift.max(1, Swift.min(8, rows, (1 << 22) / Swift.max(columns, 1)))
        var columnFinite = [UInt32](repeating: 0, count: parts * columns), columnAny = columnFinite
        var rowFinite = [UInt32](repeating: 0, count: rows * strips), rowAny = rowFinite
        columnFinite.withUnsafeMutableBufferPointer { cf in
            columnAny.withUnsafeMutableBufferPointer { ca in
                rowFinite.withUnsafeMutableBufferPointer { rf in
                    rowAny.withUnsafeMutableBufferPointer { ra in
                        let (cf, ca, rf, ra) = (cf.baseAddress!, ca.baseAddress!, rf.baseAddress!, ra.baseAddress!)
                        ParallelChunks.run(count: parts * strips, grain: 1) { t0, t1 in
                            for t in t0 ..< t1 {
                                let part = t / strips, s = t % strips, c0 = s * strip, c1 = Swift.min(columns, c0 + strip)
                                let (f, a) = (cf + part * columns, ca + part * columns)
                                for r in rows * part / parts ..< rows * (part + 1) / parts {
                                    let row = src + r * columns
                                    var rowF: UInt32 = 0, rowA: UInt32 = 0
                                    for c in c0 ..< c1 {
                                        let b = row[c].bitPattern & 0x7FFF_FFFF, fin = b < 0x7F80_0000 ? b : 0
                                        a[c] = Swift.max(a[c], b); f[c] = Swift.max(f[c], fin)
                                        rowA = Swift.max(rowA, b); rowF = Swift.max(rowF, fin)
                                    }
                                    rf[r * strips + s] = rowF; ra[r * strips + s] = rowA
                                }
                            }
                        }
                    }
                }
            }
        }
        var columnHighs = [Float](repeating: 0, count: columns), columnBad = [Bool](repeating: false, count: columns)
        for c in 0 ..< columns {
            var fm: UInt32 = 0, am: UInt32 = 0
            for part in 0 ..< parts { fm = Swift.max(fm, columnFinite[part * columns + c]); am = Swift.max(am, columnAny[part * columns + c]) }
            (columnHighs[c], columnBad[c]) = (Float(bitPattern: fm), am >= 0x7F80_0000)
        }
        var rowHighs = [Float](repeating: 0, count: rows), rowBad = [Bool](repeating: false, count: rows)
        for r in 0 ..< rows {
            var fm: UInt32 = 0, am: UInt32 = 0
            for s in 0 ..< strips { fm = Swift.max(fm, rowFinite[r * strips + s]); am = Swift.max(am, rowAny[r * strips + s]) }
            (rowHighs[r], rowBad[r]) = (Float(bitPattern: fm), am >= 0x7F80_0000)
        }
        return (GroupStatistics(highs: rowHighs, nonFinite: rowBad), GroupStatistics(highs: columnHighs, nonFinite: columnBad))
    }
}
