/// The exact block sum: each segment's `sum_k P_a P_b` is formed exactly, then
/// `acc = round_F(acc + s_a s_b sum)` once per segment.
///
/// Fast path: when the operands' facts prove every segment sum an exact Double
/// (`ElementFacts.blockSumsExact`), the sum is a plain Double sum per lane. Otherwise each lane keeps an
/// `ExactSum` holding `acc + s_a s_b sum` (scaled products added as TwoProduct pairs) and reads
/// `RO_53` of it at the segment end: exact for any data, and far slower.
extension GemmPlan {
    func runExactBlock<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) {
        if a.facts.blockSumsExact(with: b.facts, count: schedule.longest) {
            runDoubleBlocks(finish, into: y)
        } else {
            runExactSumBlocks(finish, into: y)
        }
    }

    func runDoubleBlocks<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) {
        let l = GemmPlan.lanes
        bPanels.withUnsafeBufferPointer { pb in
            withOptionalBuffer(aScales) { sa in
                withOptionalBuffer(bScales) { sb in
                    let panelBase = pb.baseAddress!
                    runUnits(into: y, extraState: MemoryLayout<Double>.stride) { unit, start, end, segmentRange in
                        let sums = unit.extra!.assumingMemoryBound(to: Double.self)
                        if start == 0 { sums.initialize(repeating: 0, count: unit.count) }
                        let panel = panelBase + unit.panel * depth * l
                        for s in segmentRange {
                            let segment = schedule.segments[s]
                            let from = max(segment.start, start), to = min(segment.end, end)
                            for r in 0 ..< unit.rows.count {
                                let row = unit.rows[r], sum = UnsafeMutableRawPointer(sums + r * l)
                                var p = panel + from * l
                                var partial = sum.loadUnaligned(as: SIMD16<Double>.self)
                                for k in from ..< to {
                                    let b = SIMD16<Double>(UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self))
                                    partial += Double(row[k]) * b   // exact: see blockSumsExact
                                    p += l
                                }
                                sum.storeBytes(of: partial, as: SIMD16<Double>.self)
                            }
                            guard segment.end <= end else { continue }
                            endSegment(finish, unit, segment: s, aScales: sa, bScales: sb) { sums[$0] }
                            sums.update(repeating: 0, count: unit.count)
                        }
                    }
                }
            }
        }
    }

    func runExactSumBlocks<F: AccumulatorFinish>(_ finish: F, into y: UnsafeMutablePointer<Float>) {
        let l = GemmPlan.lanes, count = schedule.segments.count
        bPanels.withUnsafeBufferPointer { pb in
            withOptionalBuffer(aScales) { sa in
                withOptionalBuffer(bScales) { sb in
                    let panelBase = pb.baseAddress!
                    // One ExactSum per unit, cleared for every lane (no allocation per chunk).
                    runUnits(into: y, unitState: { ExactSum() }) { unit, sum, start, end, segmentRange in
                        let panel = panelBase + unit.panel * depth * l
                        for s in segmentRange {
                            let segment = schedule.segments[s]
                            // Exact sums cannot be carried across chunks cheaply: a segment is done
                            // whole by the chunk where it starts.
                            guard segment.start >= start else { continue }
                            for r in 0 ..< unit.rows.count {
                                let row = unit.rows[r]
                                let scaleA = Double(aScale(sa, row: unit.firstRow + r, segment: s))
                                for lane in 0 ..< l {
                                    let q = r * l + lane
                                    let c = scaleA * Double(sb.map { $0[(unit.panel * count + s) * l + lane] } ?? 1)
                                    sum.clear()
                                    sum.add(Double(unit.acc[q]))
                                    for k in segment.start ..< segment.end {
                                        sum.addProduct(Double(row[k]) * Double(panel[k * l + lane]), c)
                                    }
                                    unit.acc[q] = finish.finish(odd: sum.odd())
                                }
                            }
                            if segment.promotes { GemmPlan.promote(total: unit.total, acc: unit.acc, count: unit.count) }
                        }
                    }
                }
            }
        }
    }
}
