/// The squared errors of the `clip=mse` search (`ScaledFormat+Clipping`): for every ratio of the
/// grid, E(r) summed in the fixed order stated there, one span of `span` elements per task on all
/// cores, each span's sums written to `partial[span * ratioCount + k]` (the caller adds the spans in
/// order). Nothing is written but the partial sums: candidates are quantized into stretch-sized
/// scratch (the element pass's expressions, so the values are those of the element pass) and their
/// terms summed from there, while the stretch is in cache.
///
/// Layouts whose runs share one scale (tensor, blocks, slabs) take, per 4096-element stretch, every
/// ratio's scales of the stretch's runs (`ScaleCalculator.fill` over the runs), then each run's error
/// once per distinct scale (a ratio whose scale and zero point equal the previous ratio's repeats its
/// error). Layouts with a scale per element (channels on the last axis, `cross`) take each ratio's
/// per-element scales of the stretch and repeat the stretch's error when all of them equal the
/// previous ratio's.
@usableFromInline
struct ClippingSearchPass {
    /// Elements per stretch (pieces never cross a multiple of it).
    static let piece = 4096
    /// Elements per span (the unit of the parallel tasks and of the partial sums).
    static let span = 1 << 16
    /// Elements quantized together from runs of several ratios.
    static let batch = 4096

    let src: UnsafePointer<Float>
    let layout: GroupLayout
    let ratios: UnsafePointer<Float>
    /// The scale calculator of each ratio (two-level formats: its own tensor scale).
    let calculators: UnsafePointer<ScaleCalculator>
    let ratioCount: Int
    /// Symmetric: each group's largest finite magnitude bits, 0x7F800000 for a group holding Inf or NaN.
    let amaxBits: UnsafePointer<UInt32>?
    /// Asymmetric: each group's finite min and max, and whether it holds Inf or NaN.
    let lows: UnsafePointer<Float>?, highs: UnsafePointer<Float>?, bad: UnsafePointer<Bool>?
    let asymmetric: Bool
    /// The asymmetric grid's top level (`elementMax`).
    let levels: Float
    let partial: UnsafeMutablePointer<Double>

    @usableFromInline
    func run<E: ElementRounding>(_ e: E) {
        let k = ratioCount, p = Self.piece
        var perElement = false
        if case .columns = layout.walk { perElement = true }
        if case .elements = layout.walk { perElement = true }
        ParallelChunks.run(count: layout.count, grain: Self.span) { t0, t1 in
            let scratch = Scratch(ratios: k, piece: p, batch: Self.batch)
            defer { scratch.free() }
            for r in 0 ..< k { scratch.acc[r] = 0 }
            for c0 in stride(from: t0, to: t1, by: p) {
                let c1 = Swift.min(t1, c0 + p)
                if perElement { perElementStretch(e, c0, c1, scratch) } else { sharedStretch(e, c0, c1, scratch) }
            }
            (partial + (t0 / Self.span) * k).update(from: scratch.acc, count: k)
        }
    }

    /// One stretch of a layout whose runs share a scale: scales of every (ratio, run), then the error of
    /// every (ratio, run) whose scale or zero point differs from the previous ratio's (the others
    /// repeat it), then each ratio's run errors added in order. Quantizing needs long loops (short
    /// runs, such as blocks of 32, would not fill the vector loop): a ratio where every run changed
    /// runs over the stretch in place with a scale per element; the changed runs of the other ratios
    /// are copied end to end into a batch of up to `batch` elements and quantized together.
    @inline(__always)
    func sharedStretch<E: ElementRounding>(_ e: E, _ c0: Int, _ c1: Int, _ w: Scratch) {
        let k = ratioCount
        var count = 0
        layout.forEachRun(from: c0, to: c1) { a, b, g, _ in
            w.runs[3 * count] = a - c0; w.runs[3 * count + 1] = b - c0; w.runs[3 * count + 2] = g
            count += 1
        }
        for r in 0 ..< count { gather(r, group: w.runs[3 * r + 2], w) }
        for j in 0 ..< k { _ = scales(j, count, w, w.table + j * count, w.zeros + j * count) }
        // same[i] (i = j * count + r, j >= 1): run r has ratio j - 1's scale and zero point.
        let (table, zeros, same, errors) = (w.table, w.zeros, w.same, w.runErrors)
        let pairs = k &* count
        if asymmetric {
            for i in count ..< Swift.max(pairs, count) {
                same[i] = table[i].bitPattern == table[i &- count].bitPattern && zeros[i].bitPattern == zeros[i &- count].bitPattern ? 1 : 0
            }
        } else {
            for i in count ..< Swift.max(pairs, count) { same[i] = table[i].bitPattern == table[i &- count].bitPattern ? 1 : 0 }
        }
        @inline(__always) func changed(_ j: Int, _ r: Int) -> Bool { j == 0 || same[j &* count &+ r] == 0 }
        var n = 0, jobs = 0
        func flush() {
            quantize(e, w.batchValues, w.batchQuantized, w.batchScales, w.batchZeros, n)
            for job in 0 ..< jobs {
                let (start, end, i) = (w.jobs[3 * job], w.jobs[3 * job + 1], w.jobs[3 * job + 2])
                if let v = SpecialScale.value(w.table[i]) { (w.batchQuantized + start).update(repeating: v, count: end - start) }
            }
            Self.squaredErrors(w.batchValues, w.batchQuantized, count: n, pieces: w.jobs, pieceCount: jobs, into: w.jobErrors, terms: w.terms)
            for job in 0 ..< jobs { w.runErrors[w.jobs[3 * job + 2]] = w.jobErrors[job] }
            (n, jobs) = (0, 0)
        }
        for j in 0 ..< k {
            var unchanged = 0
            if j > 0 { for r in 0 ..< count { unchanged &+= Int(same[j &* count &+ r]) } }
            if unchanged == count { continue }
            if unchanged == 0 {
                for r in 0 ..< count {
                    let a = w.runs[3 * r], length = w.runs[3 * r + 1] - a
                    ScaledKernel.broadcast(w.table[j * count + r], w.elementScales + a, length)
                    if asymmetric { ScaledKernel.broadcast(w.zeros[j * count + r], w.elementZeros + a, length) }
                }
                quantize(e, src + c0, w.quantized, w.elementScales, w.elementZeros, c1 - c0)
                for r in 0 ..< count {
                    let a = w.runs[3 * r], length = w.runs[3 * r + 1] - a
                    if let v = SpecialScale.value(w.table[j * count + r]) { (w.quantized + a).update(repeating: v, count: length) }
                }
                Self.squaredErrors(src + c0, w.quantized, count: c1 - c0, pieces: w.runs, pieceCount: count, into: w.runErrors + j * count, terms: w.terms)
                continue
            }
            for r in 0 ..< count where changed(j, r) {
                let a = w.runs[3 * r], length = w.runs[3 * r + 1] - a
                if n + length > Self.batch { flush() }
                (w.batchValues + n).update(from: src + c0 + a, count: length)
                ScaledKernel.broadcast(w.table[j * count + r], w.batchScales + n, length)
                if asymmetric { ScaledKernel.broadcast(w.zeros[j * count + r], w.batchZeros + n, length) }
                (w.jobs[3 * jobs], w.jobs[3 * jobs + 1], w.jobs[3 * jobs + 2]) = (n, n + length, j * count + r)
                (n, jobs) = (n + length, jobs + 1)
            }
        }
        flush()
        for i in count ..< Swift.max(pairs, count) { errors[i] = same[i] != 0 ? errors[i &- count] : errors[i] }
        // Each ratio's run errors in run order; the ratios interleaved (independent sums).
        let sums = w.jobErrors
        for j in 0 ..< k { sums[j] = 0 }
        for r in 0 ..< count { for j in 0 ..< k { sums[j] += errors[j &* count &+ r] } }
        for j in 0 ..< k { w.acc[j] += sums[j] }
    }

    /// `q[i]` = the value of `x[i]` with scale `s[i]` (and zero point `z[i]`), i in `0 ..< n`: the
    /// element pass's expressions (`ScaledKernel.scaledLoop`, `zeroPointLoop`) in nearest-even, written
    /// out so that the mode is a constant in the loop the vectorizer sees (special scales are left to
    /// the caller).
    @inline(__always)
    func quantize<E: ElementRounding>(_ e: E, _ x: UnsafePointer<Float>, _ q: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>,
                                      _ z: UnsafePointer<Float>, _ n: Int) {
        if asymmetric {
            for i in 0 ..< n { q[i] = (e.quantize(x[i] / s[i] + z[i], mode: .nearestEven, random: 0) - z[i]) * s[i] }
        } else {
            for i in 0 ..< n { q[i] = e.quantize(x[i] / s[i], mode: .nearestEven, random: 0) * s[i] }
        }
    }

    /// One stretch of a layout with a scale per element: per ratio, the stretch's scales, then (unless
    /// they equal the previous ratio's) its values and the sum of its runs' errors in order.
    @inline(__always)
    func perElementStretch<E: ElementRounding>(_ e: E, _ c0: Int, _ c1: Int, _ w: Scratch) {
        let k = ratioCount, n = c1 - c0, p = Self.piece
        var count = 0
        layout.forEachRun(from: c0, to: c1) { a, b, g, _ in
            w.runs[3 * count] = a - c0; w.runs[3 * count + 1] = b - c0; w.runs[3 * count + 2] = g
            count += 1
        }
        // Element i of a run [a, b) has group `g + (i - a)`.
        for r in 0 ..< count {
            let a = w.runs[3 * r], g = w.runs[3 * r + 2]
            for i in 0 ..< w.runs[3 * r + 1] - a { gather(a + i, group: g + i, w) }
        }
        var error = 0.0
        for j in 0 ..< k {
            let (scale, zero) = (w.table + (j & 1) * p, w.zeros + (j & 1) * p)
            let (previous, previousZero) = (w.table + ((j + 1) & 1) * p, w.zeros + ((j + 1) & 1) * p)
            let special = scales(j, n, w, scale, zero)
            if j == 0 || !Self.same(scale, previous, n) || (asymmetric && !Self.same(zero, previousZero, n)) {
                quantize(e, src + c0, w.quantized, scale, zero, n)
                if special { for i in 0 ..< n { if let v = SpecialScale.value(scale[i]) { w.quantized[i] = v } } }
                Self.squaredErrors(src + c0, w.quantized, count: n, pieces: w.runs, pieceCount: count, into: w.runErrors, terms: w.terms)
                error = 0
                for r in 0 ..< count { error += w.runErrors[r] }
            }
            w.acc[j] += error
        }
    }

    /// Copies group `g`'s statistics into slot `i` of the scratch.
    @inline(__always)
    func gather(_ i: Int, group g: Int, _ w: Scratch) {
        if let amaxBits {
            w.amax[i] = amaxBits[g]
        } else if let lows, let highs, let bad {
            (w.lows[i], w.highs[i], w.bad[i]) = (lows[g], highs[g], bad[g])
        }
    }

    /// Ratio `j`'s scales (and zero points) of the `count` gathered groups; whether one is special.
    @inline(__always)
    func scales(_ j: Int, _ count: Int, _ w: Scratch, _ scale: UnsafeMutablePointer<Float>, _ zero: UnsafeMutablePointer<Float>) -> Bool {
        if !asymmetric {
            return calculators[j].fill(w.amax, count: count, ratio: ratios[j], stored: w.stored, applied: scale).special
        }
        var special = false
        for i in 0 ..< count {
            if w.bad[i] { (scale[i], zero[i]) = (.nan, 0); special = true; continue }
            (scale[i], zero[i]) = ScaledFormat.asymmetricScale(low: w.lows[i], high: w.highs[i], ratio: ratios[j], levels: levels)
            if scale[i] == 0 { special = true }
        }
        return special
    }

    /// `out[p]` = the sum over the finite `x[i]` of `(Double(x[i]) - Double(q[i]))^2`, i in piece p
    /// (`pieces[3p] ..< pieces[3p + 1]`, the pieces within `0 ..< n`), in 8 lanes (lane k: i = start + k,
    /// start + k + 8, ... in order) combined as ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)). The
    /// terms are one vectorized loop into `terms` first; the pieces (short: a block) then only add.
    static func squaredErrors(_ x: UnsafePointer<Float>, _ q: UnsafePointer<Float>, count n: Int, pieces: UnsafePointer<Int>,
                              pieceCount: Int, into out: UnsafeMutablePointer<Double>, terms t: UnsafeMutablePointer<Double>) {
        for i in 0 ..< n {
            let d = Double(x[i]) - Double(q[i])
            t[i] = x[i].isFinite ? d * d : 0
        }
        for p in 0 ..< pieceCount {
            let start = pieces[3 &* p], end = pieces[3 &* p &+ 1]
            var lanes = SIMD8<Double>(repeating: 0)
            var i = start
            while i &+ 8 <= end {
                lanes += UnsafeRawPointer(t + i).loadUnaligned(as: SIMD8<Double>.self)
                i &+= 8
            }
            if i < end {
                // The missing lanes get +0, which changes no lane (every term is +0, positive or NaN).
                var v = SIMD8<Double>(repeating: 0)
                for j in 0 ..< end &- i { v[j] = t[i &+ j] }
                lanes += v
            }
            let half = lanes.lowHalf + lanes.highHalf, quarter = half.lowHalf + half.highHalf
            out[p] = quarter[0] + quarter[1]
        }
    }

    /// Whether `a[0 ..< n]` and `b[0 ..< n]` have the same bits.
    @inline(__always)
    static func same(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Bool {
        var differ: UInt32 = 0
        for i in 0 ..< n { differ |= a[i].bitPattern ^ b[i].bitPattern }
        return differ == 0
    }

    /// One task's scratch: sums per ratio, the stretch's runs, gathered statistics, scale tables
    /// (every ratio for shared-scale runs; two ratios, the current and previous, per element), values.
    struct Scratch {
        let acc: UnsafeMutablePointer<Double>, runErrors: UnsafeMutablePointer<Double>, jobErrors: UnsafeMutablePointer<Double>
        let terms: UnsafeMutablePointer<Double>
        let same: UnsafeMutablePointer<UInt8>
        let runs: UnsafeMutablePointer<Int>, jobs: UnsafeMutablePointer<Int>
        let amax: UnsafeMutablePointer<UInt32>
        let lows: UnsafeMutablePointer<Float>, highs: UnsafeMutablePointer<Float>, bad: UnsafeMutablePointer<Bool>
        let table: UnsafeMutablePointer<Float>, zeros: UnsafeMutablePointer<Float>
        let stored: UnsafeMutablePointer<Float>, quantized: UnsafeMutablePointer<Float>
        let elementScales: UnsafeMutablePointer<Float>, elementZeros: UnsafeMutablePointer<Float>
        let batchValues: UnsafeMutablePointer<Float>, batchScales: UnsafeMutablePointer<Float>, batchZeros: UnsafeMutablePointer<Float>
        let batchQuantized: UnsafeMutablePointer<Float>

        init(ratios: Int, piece: Int, batch: Int) {
            let tableSize = Swift.max(ratios, 2) * piece
            acc = .allocate(capacity: ratios); runErrors = .allocate(capacity: ratios * piece); jobErrors = .allocate(capacity: batch)
            terms = .allocate(capacity: Swift.max(piece, batch))
            same = .allocate(capacity: tableSize)
            runs = .allocate(capacity: 3 * piece); jobs = .allocate(capacity: 3 * batch)
            amax = .allocate(capacity: piece)
            lows = .allocate(capacity: piece); highs = .allocate(capacity: piece); bad = .allocate(capacity: piece)
            table = .allocate(capacity: tableSize); zeros = .allocate(capacity: tableSize)
            stored = .allocate(capacity: piece); quantized = .allocate(capacity: piece)
            elementScales = .allocate(capacity: piece); elementZeros = .allocate(capacity: piece)
            batchValues = .allocate(capacity: batch); batchScales = .allocate(capacity: batch); batchZeros = .allocate(capacity: batch)
            batchQuantized = .allocate(capacity: batch)
            zeros.initialize(repeating: 0, count: tableSize)
            elementZeros.initialize(repeating: 0, count: piece); batchZeros.initialize(repeating: 0, count: batch)
        }

        func free() {
            acc.deallocate(); runErrors.deallocate(); jobErrors.deallocate(); terms.deallocate(); same.deallocate(); runs.deallocate(); jobs.deallocate(); amax.deallocate(); bad.deallocate()
            for p in [lows, highs, table, zeros, stored, quantized, elementScales, elementZeros, batchValues, batchScales, batchZeros,
                      batchQuantized] { p.deallocate() }
        }
    }
}
