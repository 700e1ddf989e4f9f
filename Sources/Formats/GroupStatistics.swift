/// Per-group extremes of a tensor: the largest magnitude (or, signed, the min and max) over the
/// finite values of each scale group, and whether the group holds Inf or NaN.
///
/// Magnitudes are compared as float32 bit patterns (`bits & 0x7FFFFFFF` orders like |x|, and any
/// pattern >= 0x7F800000 is Inf or NaN), so the block loop is a vectorized integer max. Blocks are
/// independent groups and run on all cores; max and min are order-independent, so the result does
/// not depend on the thread count.
struct GroupStatistics {
    var lows: [Float]
    var highs: [Float]
    var nonFinite: [Bool]

    init(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, signed: Bool) {
        let n = layout.groupCount
        lows = [Float](repeating: .infinity, count: n)
        highs = [Float](repeating: -.infinity, count: n)
        nonFinite = [Bool](repeating: false, count: n)
        guard let src = input.baseAddress, n > 0 else { return }
        if !signed, case let .blocks(rowLength, size) = layout.walk {
            let perRow = (rowLength + size - 1) / size
            highs.withUnsafeMutableBufferPointer { hi in
                nonFinite.withUnsafeMutableBufferPointer { bad in
                    ParallelChunks.run(count: n, grain: Swift.max(1, ParallelChunks.defaultGrain / size)) { g0, g1 in
                        var (row, column) = (g0 / perRow, g0 % perRow)  // then counted, not divided
                        for g in g0 ..< g1 {
                            let start = row * rowLength + column * size
                            let end = Swift.min(row * rowLength + rowLength, start + size)
                            // The finite maximum even in a group holding Inf or NaN: the tensor
                            // scale of two-level formats counts those finite values.
                            let m = GroupStatistics.maxMagnitudeBits(src, start, end, finiteOnly: true)
                            bad[g] = m.any >= 0x7F80_0000
                            hi[g] = Float(bitPattern: m.finite)
                            column += 1
                            if column == perRow { (row, column) = (row + 1, 0) }
                        }
                    }
                }
            }
            return
        }
        if !signed, case let .slabs(inner, dim) = layout.walk {
            highs.withUnsafeMutableBufferPointer { hi in
                nonFinite.withUnsafeMutableBufferPointer { bad in
                    GroupStatistics.slabMaxima(src, count: input.count, inner: inner, dim: dim, hi, bad)
                }
            }
            return
        }
        if !signed, case let .columns(rowLength) = layout.walk {
            highs.withUnsafeMutableBufferPointer { hi in
                nonFinite.withUnsafeMutableBufferPointer { bad in
                    GroupStatistics.columnMaxima(src, count: input.count, rowLength: rowLength, hi, bad)
                }
            }
            return
        }
        if !signed, case .tensor = layout.walk {
            if let m = GroupStatistics.tensorMaxima(src, count: input.count) { (highs[0], nonFinite[0]) = (m.high, m.nonFinite) }
            return
        }
        if signed, lows.withUnsafeMutableBufferPointer({ lo in
            highs.withUnsafeMutableBufferPointer { hi in
                nonFinite.withUnsafeMutableBufferPointer { bad in
                    GroupStatistics.signedStatistics(src, count: input.count, layout: layout, lo, hi, bad)
                }
            }
        }) {
            return
        }
        layout.forEachRun(from: 0, to: input.count) { a, b, group, perElement in
            if !signed && !perElement {
                let m = GroupStatistics.maxMagnitudeBits(src, a, b, finiteOnly: true)
                if m.finite > 0 || highs[group] == -.infinity { highs[group] = Swift.max(highs[group], Float(bitPattern: m.finite)) }
                if m.any >= 0x7F80_0000 { nonFinite[group] = true }
                return
            }
            for i in a ..< b {
                let g = perElement ? group + i - a : group
                let x = src[i]
                if !x.isFinite { nonFinite[g] = true; continue }
                let v = signed ? x : abs(x)
                if v < lows[g] { lows[g] = v }
                if v > highs[g] { highs[g] = v }
            }
        }
    }

    /// Channel on a leading axis: channel `g` holds the slabs `g, g + dim, g + 2 dim, ...` of `inner`
    /// contiguous elements. Channels run on all cores, each channel's slabs by the vectorized block
    /// loop; the finite maximum and the non-finite flag are those of the run-by-run walk.
    static func slabMaxima(_ src: UnsafePointer<Float>, count: Int, inner: Int, dim: Int,
                           _ hi: UnsafeMutableBufferPointer<Float>, _ bad: UnsafeMutableBufferPointer<Bool>) {
        let slabs = count / inner
        ParallelChunks.run(count: dim, grain: Swift.max(1, ParallelChunks.defaultGrain / Swift.max(1, count / dim))) { g0, g1 in
            for g in g0 ..< g1 where g < slabs {
                var finite: UInt32 = 0, any: UInt32 = 0
                for s in stride(from: g, to: slabs, by: dim) {
                    let m = maxMagnitudeBits(src, s * inner, s * inner + inner, finiteOnly: true)
                    finite = Swift.max(finite, m.finite); any = Swift.max(any, m.any)
                }
                bad[g] = any >= 0x7F80_0000
                hi[g] = Float(bitPattern: finite)
            }
        }
    }

    /// Largest finite magnitude of the whole buffer, on all cores (max is order-independent).
    static func finiteMaxMagnitude(_ p: UnsafePointer<Float>, count: Int) -> Float {
        let grain = ParallelChunks.defaultGrain * 4
        var partial = [UInt32](repeating: 0, count: (count + grain - 1) / grain)
        partial.withUnsafeMutableBufferPointer { out in
            ParallelChunks.run(count: count, grain: grain) { a, b in
                out[a / grain] = maxMagnitudeBits(p, a, b, finiteOnly: true).finite
            }
        }
        return Float(bitPattern: partial.max() ?? 0)
    }

    /// Largest `bits & 0x7FFFFFFF` over `[start, end)`, 16 lanes at a time.
    @inline(__always)
    static func maxMagnitudeBits(_ p: UnsafePointer<Float>, _ start: Int, _ end: Int) -> UInt32 {
        var lanes = SIMD16<UInt32>(repeating: 0)
        var i = start
        while i &+ 16 <= end {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt32>.self)
            lanes = pointwiseMax(lanes, v & 0x7FFF_FFFF)
            i &+= 16
        }
        var m = lanes.max()
        while i < end { m = Swift.max(m, p[i].bitPattern & 0x7FFF_FFFF); i &+= 1 }
        return m
    }

    /// Largest magnitude bits over the finite values, and over all values.
    @inline(__always)
    static func maxMagnitudeBits(_ p: UnsafePointer<Float>, _ start: Int, _ end: Int, finiteOnly: Bool) -> (finite: UInt32, any: UInt32) {
        var finite: UInt32 = 0, any: UInt32 = 0
        for i in start ..< end {
            let b = p[i].bitPattern & 0x7FFF_FFFF
            any = Swift.max(any, b)
            finite = Swift.max(finite, b < 0x7F80_0000 ? b : 0)
        }
        return (finite, any)
    }
}
