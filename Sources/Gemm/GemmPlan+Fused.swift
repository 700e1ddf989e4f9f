/// The FP32 nearest-even kernel (block sum in the accumulator): `t = fl32(t + a b)` is one fused
/// multiply-add, exactly; six rows by 16 lanes of t stay in vector registers, A's values broadcast.
/// A segment end is `acc = fma(s_a s_b, t, acc)`, exact whenever the scale product `s_a s_b` is
/// itself a float32 (MX scales, unscaled operands); other lanes take the exact Double path.
extension GemmPlan {
    typealias Lanes = SIMD16<Float>

    /// One register tile of a unit: six rows by the panel's 16 lanes.
    struct Tile {
        /// The unit's row pointers (shared, not copied); this tile's six start at `rowBase`.
        var rows: [UnsafePointer<Float>]
        var rowBase: Int
        var firstRow: Int
        var panel: Int
        var t: UnsafeMutablePointer<Float>
        var acc: UnsafeMutablePointer<Float>
        var total: UnsafeMutablePointer<Float>
    }

    func runFused(into y: UnsafeMutablePointer<Float>) {
        let l = GemmPlan.lanes
        bPanels.withUnsafeBufferPointer { pb in
            withOptionalBuffer(aScales) { sa in
                withOptionalBuffer(bScales) { sb in
                    let panelBase = pb.baseAddress!
                    runUnits(into: y) { unit, start, end, segmentRange in
                        for i in 0 ..< unit.tileCount {
                            let r = GemmPlan.rowsPerTile, offset = i * r * l
                            let tile = Tile(rows: unit.rows, rowBase: i * r, firstRow: unit.firstRow + i * r, panel: unit.panel,
                                            t: unit.t + offset, acc: unit.acc + offset, total: unit.total + offset)
                            fusedTile(tile, panel: panelBase + unit.panel * depth * l, start: start, end: end,
                                      segments: segmentRange, aScales: sa, bScales: sb)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    func fusedTile(_ tile: Tile, panel: UnsafePointer<Float>, start: Int, end: Int, segments range: Range<Int>,
                   aScales: UnsafePointer<Float>?, bScales: UnsafePointer<Float>?) {
        let l = GemmPlan.lanes
        let b0 = tile.rowBase
        let r0 = tile.rows[b0], r1 = tile.rows[b0 + 1], r2 = tile.rows[b0 + 2], r3 = tile.rows[b0 + 3], r4 = tile.rows[b0 + 4], r5 = tile.rows[b0 + 5]
        var t = InlineArray<6, Lanes>(repeating: .zero)
        for r in 0 ..< 6 { t[r] = UnsafeRawPointer(tile.t + r * l).loadUnaligned(as: Lanes.self) }
        for s in range {
            let segment = schedule.segments[s]
            let from = max(segment.start, start), to = min(segment.end, end)
            var pb = panel + from * l
            for k in from ..< to {
                let b = UnsafeRawPointer(pb).loadUnaligned(as: Lanes.self)
                t[0].addProduct(Lanes(repeating: r0[k]), b)
                t[1].addProduct(Lanes(repeating: r1[k]), b)
                t[2].addProduct(Lanes(repeating: r2[k]), b)
                t[3].addProduct(Lanes(repeating: r3[k]), b)
                t[4].addProduct(Lanes(repeating: r4[k]), b)
                t[5].addProduct(Lanes(repeating: r5[k]), b)
                pb += l
            }
            guard segment.end <= end else { continue }
            let sbPointer = bScales.map { $0 + (tile.panel * schedule.segments.count + s) * l }
            let sb = sbPointer.map { UnsafeRawPointer($0).loadUnaligned(as: Lanes.self) } ?? Lanes(repeating: 1)
            for r in 0 ..< 6 {
                let saScalar = aScale(aScales, row: tile.firstRow + r, segment: s)
                let sa = Lanes(repeating: saScalar)
                let c = sa * sb
                if all(GemmPlan.isFloatProduct(c, sa, sb)) {
                    let acc = UnsafeRawPointer(tile.acc + r * l).loadUnaligned(as: Lanes.self)
                    UnsafeMutableRawPointer(tile.acc + r * l).storeBytes(of: acc.addingProduct(c, t[r]), as: Lanes.self)
                } else {
                    // Not a float32 scale product (NVFP4, FP32 group scales): the exact Double path.
                    UnsafeMutableRawPointer(tile.t + r * l).storeBytes(of: t[r], as: Lanes.self)
                    let acc = tile.acc + r * l, partial = tile.t + r * l, sa = Double(saScalar)
                    for lane in 0 ..< l {
                        let c = sa * Double(sbPointer?[lane] ?? 1)
                        acc[lane] = Float(Float32Nearest.oddSum(acc[lane], scale: c, Double(partial[lane])))
                    }
                }
            }
            t = InlineArray<6, Lanes>(repeating: .zero)
            if segment.promotes { GemmPlan.promote(total: tile.total, acc: tile.acc, count: 6 * l) }
        }
        for r in 0 ..< 6 { UnsafeMutableRawPointer(tile.t + r * l).storeBytes(of: t[r], as: Lanes.self) }
    }
}

extension GemmPlan {
    /// Lanes where `c = fl32(sa sb)` is exactly `sa sb`: the FMA error is 0 and c is a normal float
    /// (a subnormal c could hide an error below 2^-149), or a factor is 0.
    @inline(__always)
    static func isFloatProduct(_ c: Lanes, _ sa: Lanes, _ sb: Lanes) -> SIMDMask<SIMD16<Int32>> {
        let error = (-c).addingProduct(sa, sb)
        return (error .== 0) .& (((c .>= 0x1p-126) .| (c .<= -0x1p-126)) .| (sa .== 0) .| (sb .== 0))
    }
}

/// Calls `body` with the array's buffer address, or nil.
@inline(__always)
func withOptionalBuffer<R>(_ array: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}
