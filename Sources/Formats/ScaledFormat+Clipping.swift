/// Clipping: the factor applied to each group's amax before its scale is derived.
///
/// `clip=mse` tries every ratio r of `clippingGrid` and keeps the one whose round-to-nearest-even
/// result has the least squared error over the finite inputs, E(r) = sum (x_i - q_i(r))^2 (ties, and
/// a NaN error everywhere, keep the larger ratio). Each term is t_i = fl64(fl64(x_i - q_i)^2) with x_i
/// and q_i widened to Double, and the sum runs in a fixed order that depends only on the tensor's
/// shape and layout, never on the thread count (`ClippingSearchPass`): the elements are cut into
/// pieces at every multiple of 4096 and at every run of `GroupLayout.forEachRun` (a block, a slab
/// row, a row of per-column scales); a piece's terms are summed in 8 lanes (lane k holds its
/// elements k, k + 8, ... in order) and the lanes as ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7));
/// pieces are added in order within each 4096-element stretch, stretches in order within each span
/// of 2^16 elements, and spans in order. (Before 2026-11-26 the sum ran element by element; the two
/// differ in the last bits of E, so a ratio could differ only where two errors agree to ~1e-12.)
///
/// The group statistics are computed once (they do not depend on r); each r's scales come from
/// them (`ScaleCalculator.fill`, or the asymmetric scale), and each candidate is quantized and its
/// error summed a piece at a time on all cores, without an output copy. A piece whose scale (and
/// zero point) equals that of the previous ratio reuses its error: with power-of-two scales a group
/// takes at most two scales over r in [0.5, 1], so most of the 51 candidates cost no element work.
extension ScaledFormat {
    /// The ratios the MSE search tries: 1.00, 0.99, ..., 0.50.
    public static let clippingGrid: [Float] = (0 ... 50).map { Float(100 - $0) / 100 }

    /// `clip=mse`: the scales of the ratio in `clippingGrid` whose round-to-nearest-even result has
    /// the least squared error over the finite inputs (ties keep the larger ratio), with that ratio.
    func mseSearch(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout) throws -> (scales: Scales, ratio: Float) {
        var statistics: GroupStatistics?
        let errors = try clippingErrors(input, layout: layout, statistics: &statistics)
        var best = 0
        for k in errors.indices where errors[k] < errors[best] { best = k }
        let ratio = ScaledFormat.clippingGrid[best]
        return (try scales(input, layout: layout, ratio: ratio, statistics: statistics), ratio)
    }

    /// The squared error E(r) of every ratio of `clippingGrid`, summed as the type's comment says.
    /// Throws the pass's own error when a scale overflows (at r = 1, the largest amax).
    func clippingErrors(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout) throws -> [Double] {
        var statistics: GroupStatistics?
        return try clippingErrors(input, layout: layout, statistics: &statistics)
    }

    /// `clippingErrors`, leaving the group statistics it computed in `statistics` (nil for `cross`).
    func clippingErrors(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, statistics: inout GroupStatistics?) throws -> [Double] {
        let grid = ScaledFormat.clippingGrid, k = grid.count
        guard let src = input.baseAddress, input.count > 0 else { return [Double](repeating: 0, count: k) }
        // Per group: its largest finite magnitude as bits (0x7F800000 for a group holding Inf or NaN),
        // or, asymmetric, its finite min and max.
        var amaxBits: [UInt32] = [], lows: [Float] = [], highs: [Float] = [], bad: [Bool] = []
        if case let .cross(alpha) = granularity, case let .elements(rowLength) = layout.walk {
            let f = crossFactors(input, rowLength: rowLength, alpha: alpha)
            try checkCrossOverflow(f, ratio: 1)
            amaxBits = crossAmaxBits(f, count: input.count)
        } else {
            let stats = GroupStatistics(input, layout: layout, signed: asymmetric)
            statistics = stats
            if asymmetric {
                (lows, highs, bad) = (stats.lows, stats.highs, stats.nonFinite)
            } else {
                amaxBits = zip(stats.highs, stats.nonFinite).map { high, bad in bad ? 0x7F80_0000 : high == -.infinity ? 0 : high.bitPattern }
                let largest = amaxBits.reduce(UInt32(0)) { m, b in b < 0x7F80_0000 ? Swift.max(m, b) : m }
                if overflows(Float(bitPattern: largest)) { _ = try scales(input, layout: layout, ratio: 1) }
            }
        }
        let tensorMax = tensorScale ? GroupStatistics.finiteMaxMagnitude(src, count: input.count) : 0
        let calculators = grid.map { scaleCalculator(tensor: tensorLevel(maxMagnitude: tensorMax, ratio: $0)) }
        let spans = (input.count + ClippingSearchPass.span - 1) / ClippingSearchPass.span
        var partial = [Double](repeating: 0, count: spans * k)
        grid.withUnsafeBufferPointer { ratios in
            calculators.withUnsafeBufferPointer { calculators in
                amaxBits.withUnsafeBufferPointer { amaxBits in
                    lows.withUnsafeBufferPointer { lows in
                        highs.withUnsafeBufferPointer { highs in
                            bad.withUnsafeBufferPointer { bad in
                                partial.withUnsafeMutableBufferPointer { partial in
                                    kernels.clippingErrors(ClippingSearchPass(
                                        src: src, layout: layout, ratios: ratios.baseAddress!, calculators: calculators.baseAddress!, ratioCount: k,
                                        amaxBits: asymmetric ? nil : amaxBits.baseAddress, lows: lows.baseAddress, highs: highs.baseAddress,
                                        bad: bad.baseAddress, asymmetric: asymmetric, levels: elementMax, partial: partial.baseAddress!))
                                }
                            }
                        }
                    }
                }
            }
        }
        var errors = [Double](repeating: 0, count: k)
        for s in 0 ..< spans { for r in 0 ..< k { errors[r] += partial[s * k + r] } }
        return errors
    }
}
