/// Signed statistics (asymmetric scales): the smallest and largest finite value of each group and
/// whether it holds Inf or NaN, as the element-by-element walk of `GroupStatistics` defines them,
/// on all cores with vectorized integer reductions.
///
/// A finite float compares like its ordered key `b ^ ((b >> 31) & 0x7FFFFFFF)` (b its bits as Int32:
/// negative values get their magnitude bits flipped), so min and max are integer reductions; zeros
/// are keyed as +0 (`x + 0`). The walk keeps the first of equal values, which differs only between
/// -0 and +0: a group whose minimum (or maximum) is zero takes the sign of its first zero in element
/// order, found by a scan of that group (`firstZero`).
extension GroupStatistics {
    /// Extremes of some values: ordered keys of the finite ones, and the largest magnitude bits.
    struct SignedExtremes {
        var low = Int32.max, high = Int32.min, any: UInt32 = 0

        @inline(__always)
        mutating func merge(_ o: SignedExtremes) {
            low = Swift.min(low, o.low); high = Swift.max(high, o.high); any = Swift.max(any, o.any)
        }
    }

    @inline(__always)
    static func orderedKey(_ x: Float) -> Int32 {
        let b = Int32(bitPattern: (x + 0).bitPattern)
        return b ^ ((b >> 31) & 0x7FFF_FFFF)
    }

    @inline(__always)
    static func value(ofKey k: Int32) -> Float {
        Float(bitPattern: UInt32(bitPattern: k ^ ((k >> 31) & 0x7FFF_FFFF)))
    }

    /// Extremes of `p[start ..< end]`, vectorized.
    @inline(__always)
    static func signedExtremes(_ p: UnsafePointer<Float>, _ start: Int, _ end: Int) -> SignedExtremes {
        var low = Int32.max, high = Int32.min, any: UInt32 = 0
        for i in start ..< end {
            let m = p[i].bitPattern & 0x7FFF_FFFF, k = orderedKey(p[i])
            any = Swift.max(any, m)
            low = Swift.min(low, m < 0x7F80_0000 ? k : .max)
            high = Swift.max(high, m < 0x7F80_0000 ? k : .min)
        }
        return SignedExtremes(low: low, high: high, any: any)
    }

    /// `signedExtremes` in explicit 8-lane vectors, the same extremes (for a loop over blocks,
    /// which LLVM vectorizes through the scalar form with gathers). A non-finite value's keys are
    /// replaced arithmetically: `nf = (0x7F7FFFFF - m) >> 31` is all ones exactly when m >= 0x7F800000.
    @inline(__always)
    static func signedExtremes8(_ p: UnsafePointer<Float>, _ start: Int, _ end: Int) -> SignedExtremes {
        var low = SIMD8<Int32>(repeating: .max), high = SIMD8<Int32>(repeating: .min), any = SIMD8<Int32>(repeating: 0)
        var i = start
        while i &+ 8 <= end {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self) + 0
            let b = unsafeBitCast(v, to: SIMD8<Int32>.self)
            let m = b & 0x7FFF_FFFF, k = b ^ ((b &>> 31) & 0x7FFF_FFFF)
            let nf = (0x7F7F_FFFF &- m) &>> 31
            let kl = (k & ~nf) | (nf & Int32.max), kh = (k & ~nf) | (nf & Int32.min)
            any = any.replacing(with: m, where: m .> any)
            low = low.replacing(with: kl, where: kl .< low)
            high = high.replacing(with: kh, where: kh .> high)
            i &+= 8
        }
        let l4 = low.lowHalf.replacing(with: low.highHalf, where: low.highHalf .< low.lowHalf)
        let h4 = high.lowHalf.replacing(with: high.highHalf, where: high.highHalf .> high.lowHalf)
        let a4 = any.lowHalf.replacing(with: any.highHalf, where: any.highHalf .> any.lowHalf)
        var e = SignedExtremes(low: Swift.min(Swift.min(l4[0], l4[1]), Swift.min(l4[2], l4[3])),
                               high: Swift.max(Swift.max(h4[0], h4[1]), Swift.max(h4[2], h4[3])),
                               any: UInt32(bitPattern: Swift.max(Swift.max(a4[0], a4[1]), Swift.max(a4[2], a4[3]))))
        if i < end { e.merge(signedExtremes(p, i, end)) }
        return e
    }

    /// Fills `lows`, `highs` and `bad` for blocks, channels and the tensor; false (nothing written)
    /// for a per-element layout.
    static func signedStatistics(_ src: UnsafePointer<Float>, count: Int, layout: GroupLayout, _ lows: UnsafeMutableBufferPointer<Float>,
                                 _ highs: UnsafeMutableBufferPointer<Float>, _ bad: UnsafeMutableBufferPointer<Bool>) -> Bool {
        let n = layout.groupCount
        var extremes = [SignedExtremes](repeating: SignedExtremes(), count: n)
        let handled: Bool = extremes.withUnsafeMutableBufferPointer { e in
            let out = e.baseAddress!
            switch layout.walk {
            case let .blocks(rowLength, size):
                let perRow = (rowLength + size - 1) / size
                ParallelChunks.run(count: n, grain: Swift.max(1, ParallelChunks.defaultGrain / size)) { g0, g1 in
                    var (row, column) = (g0 / perRow, g0 % perRow)  // then counted, not divided
                    for g in g0 ..< g1 {
                        let start = row * rowLength + column * size
                        out[g] = signedExtremes(src, start, Swift.min(row * rowLength + rowLength, start + size))
                        column += 1
                        if column == perRow { (row, column) = (row + 1, 0) }
                    }
                }
            case let .slabs(inner, dim):
                let slabs = count / inner
                ParallelChunks.run(count: dim, grain: Swift.max(1, ParallelChunks.defaultGrain / Swift.max(1, count / dim))) { g0, g1 in
                    for g in g0 ..< g1 {
                        for s in stride(from: g, to: slabs, by: dim) { out[g].merge(signedExtremes(src, s * inner, s * inner + inner)) }
                    }
                }
            case .tensor:
                let grain = ParallelChunks.defaultGrain * 4
                var partial = [SignedExtremes](repeating: SignedExtremes(), count: (count + grain - 1) / grain)
                partial.withUnsafeMutableBufferPointer { p in
                    ParallelChunks.run(count: count, grain: grain) { a, b in p[a / grain] = signedExtremes(src, a, b) }
                }
                for p in partial { out[0].merge(p) }
            case let .columns(rowLength):
                columnExtremes(src, count: count, rowLength: rowLength, out)
            case .elements:
                return false
            }
            return true
        }
        guard handled else { return false }
        for g in 0 ..< n {
            let e = extremes[g]
            lows[g] = e.low == .max ? .infinity : value(ofKey: e.low)
            highs[g] = e.high == .min ? -.infinity : value(ofKey: e.high)
            bad[g] = e.any >= 0x7F80_0000
            if lows[g] == 0 || highs[g] == 0, let zero = firstZero(src, count: count, layout: layout, group: g) {
                if lows[g] == 0 { lows[g] = zero }
                if highs[g] == 0 { highs[g] = zero }
            }
        }
        return true
    }

    /// Column extremes of a [rows, rowLength] view, streamed by row parts and column strips as
    /// `columnMaxima` does, then merged.
    static func columnExtremes(_ src: UnsafePointer<Float>, count: Int, rowLength: Int, _ out: UnsafeMutablePointer<SignedExtremes>) {
        let rows = count / rowLength, strip = 2048
        let parts = Swift.max(1, Swift.min(8, rows, (1 << 22) / rowLength))
        let strips = (rowLength + strip - 1) / strip
        var low = [Int32](repeating: .max, count: parts * rowLength), high = [Int32](repeating: .min, count: parts * rowLength)
        var any = [UInt32](repeating: 0, count: parts * rowLength)
        low.withUnsafeMutableBufferPointer { low in
            high.withUnsafeMutableBufferPointer { high in
                any.withUnsafeMutableBufferPointer { any in
                    let (l, h, a) = (low.baseAddress!, high.baseAddress!, any.baseAddress!)
                    ParallelChunks.run(count: parts * strips, grain: 1) { t0, t1 in
                        for t in t0 ..< t1 {
                            let part = t / strips, c0 = (t % strips) * strip, c1 = Swift.min(rowLength, c0 + strip)
                            let base = part * rowLength
                            for r in rows * part / parts ..< rows * (part + 1) / parts {
                                let row = src + r * rowLength
                                for c in c0 ..< c1 {
                                    let m = row[c].bitPattern & 0x7FFF_FFFF, k = orderedKey(row[c])
                                    a[base + c] = Swift.max(a[base + c], m)
                                    l[base + c] = Swift.min(l[base + c], m < 0x7F80_0000 ? k : .max)
                                    h[base + c] = Swift.max(h[base + c], m < 0x7F80_0000 ? k : .min)
                                }
                            }
                        }
                    }
                    for part in 0 ..< parts {
                        for c in 0 ..< rowLength {
                            out[c].merge(SignedExtremes(low: l[part * rowLength + c], high: h[part * rowLength + c], any: a[part * rowLength + c]))
                        }
                    }
                }
            }
        }
    }

    /// The first zero (+0 or -0) of `src[a ..< b]`, if any.
    static func firstZero(_ src: UnsafePointer<Float>, _ a: Int, _ b: Int) -> Float? {
        for i in a ..< b where src[i] == 0 { return src[i] }
        return nil
    }

    /// The first zero (+0 or -0) of group `g` in element order, if any.
    static func firstZero(_ src: UnsafePointer<Float>, count: Int, layout: GroupLayout, group g: Int) -> Float? {
        func scan(_ a: Int, _ b: Int, by step: Int = 1) -> Float? {
            for i in stride(from: a, to: b, by: step) where src[i] == 0 { return src[i] }
            return nil
        }
        switch layout.walk {
        case let .blocks(rowLength, size):
            let perRow = (rowLength + size - 1) / size, start = (g / perRow) * rowLength + (g % perRow) * size
            return scan(start, Swift.min((g / perRow) * rowLength + rowLength, start + size))
        case let .slabs(inner, dim):
            for s in stride(from: g, to: count / inner, by: dim) { if let z = scan(s * inner, s * inner + inner) { return z } }
            return nil
        case .tensor: return scan(0, count)
        case let .columns(rowLength): return scan(g, count, by: rowLength)
        case .elements: return src[g] == 0 ? src[g] : nil
        }
    }
}
