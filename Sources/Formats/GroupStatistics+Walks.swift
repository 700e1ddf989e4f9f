/// The statistics passes of the layouts whose groups are not contiguous runs of a few elements: one
/// scale per column (channel on the last axis) and one per tensor. Both stream the buffer once in
/// order, on all cores, with vectorized integer maxima over magnitude bits (`GroupStatistics`); max
/// is order-independent, so the results do not depend on the split or the thread count.
extension GroupStatistics {
    /// Channel on the last axis of a [rows, rowLength] view: column `c` is a group. The rows are cut
    /// into at most 8 parts and the columns into strips of 2048; each (part, strip) task streams its
    /// rows' strip into the part's column maxima (finite values, and all values), which are then
    /// merged. The finite maximum and the non-finite flag are those of the element-by-element walk
    /// (a column without a finite value has maximum 0 and is flagged).
    static func columnMaxima(_ src: UnsafePointer<Float>, count: Int, rowLength: Int,
                             _ hi: UnsafeMutableBufferPointer<Float>, _ bad: UnsafeMutableBufferPointer<Bool>) {
        let rows = count / rowLength, strip = 2048
        let parts = Swift.max(1, Swift.min(8, rows, (1 << 22) / rowLength))
        let strips = (rowLength + strip - 1) / strip
        var finite = [UInt32](repeating: 0, count: parts * rowLength), any = finite
        finite.withUnsafeMutableBufferPointer { finite in
            any.withUnsafeMutableBufferPointer { any in
                let (f, a) = (finite.baseAddress!, any.baseAddress!)
                ParallelChunks.run(count: parts * strips, grain: 1) { t0, t1 in
                    for t in t0 ..< t1 {
                        let part = t / strips, c0 = (t % strips) * strip, c1 = Swift.min(rowLength, c0 + strip)
                        let (fp, ap) = (f + part * rowLength, a + part * rowLength)
                        for r in rows * part / parts ..< rows * (part + 1) / parts {
                            stripMaxima(src + r * rowLength, fp, ap, c0, c1)
                        }
                    }
                }
                ParallelChunks.run(count: rowLength) { c0, c1 in
                    for c in c0 ..< c1 {
                        var fm: UInt32 = 0, am: UInt32 = 0
                        for part in 0 ..< parts { fm = Swift.max(fm, f[part * rowLength + c]); am = Swift.max(am, a[part * rowLength + c]) }
                        hi[c] = Float(bitPattern: fm)
                        bad[c] = am >= 0x7F80_0000
                    }
                }
            }
        }
    }

    /// `finite[c]` and `any[c]` raised to the magnitude bits of `row[c]`, c in `c0 ..< c1`.
    @inline(__always)
    static func stripMaxima(_ row: UnsafePointer<Float>, _ finite: UnsafeMutablePointer<UInt32>, _ any: UnsafeMutablePointer<UInt32>,
                            _ c0: Int, _ c1: Int) {
        for c in c0 ..< c1 {
            let b = row[c].bitPattern & 0x7FFF_FFFF
            any[c] = Swift.max(any[c], b)
            finite[c] = Swift.max(finite[c], b < 0x7F80_0000 ? b : 0)
        }
    }

    /// One group for the whole buffer: the finite maximum magnitude and whether any value is Inf or
    /// NaN, over chunks on all cores. Nil for an empty buffer (the group keeps no maximum).
    static func tensorMaxima(_ src: UnsafePointer<Float>, count: Int) -> (high: Float, nonFinite: Bool)? {
        guard count > 0 else { return nil }
        let grain = ParallelChunks.defaultGrain * 4
        var partial = [(finite: UInt32, any: UInt32)](repeating: (0, 0), count: (count + grain - 1) / grain)
        partial.withUnsafeMutableBufferPointer { out in
            ParallelChunks.run(count: count, grain: grain) { a, b in
                out[a / grain] = maxMagnitudeBits(src, a, b, finiteOnly: true)
            }
        }
        let finite = partial.map(\.finite).max() ?? 0, any = partial.map(\.any).max() ?? 0
        return (Float(bitPattern: finite), any >= 0x7F80_0000)
    }
}
