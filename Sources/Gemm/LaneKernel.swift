/// Which lanes run an emulated accumulator F (block sum in the accumulator), chosen once per GEMM
/// from F's grid and the element facts of the operands (`ElementFacts`). Notation: L is the sum of
/// the operands' smallest last-bit exponents (every product `a b` is a multiple of `2^L`), P the
/// bound `2^(maxExponent_a + 1) 2^(maxExponent_b + 1)` on `|a b|`, B the bound on every partial sum
/// of the longest segment (`AccumulatorGrid.partialSumBound`), so that every exact sum
/// `x = t + a b` of a step has `|x| <= B`. "In range": both operands finite and `B <= maxFinite`,
/// so no step overflows F, and, by the sign rules of IEEE addition, t is never -0 unless a step made
/// it so, which in range only `-0 + -0` does (so a fnuz F never sees -0).
///
/// Unchecked lanes, in order of preference:
/// 1. Float32, F's rounding of float32 sums (`AccumulatorFinish.roundsFloat32SumsExactly`:
///    nearest-even with every product in F, where rounding `fl32(x)` to F is rounding x, by
///    Figueroa's innocuous double rounding) and in range.
/// 2. Float32, exact sums: in range, F's top quantum at least `2^L`, `B < 2^(L + 24)`, and F's
///    subnormals either float32's own (`emin = -126`, not fnuz) or every sum on their grid
///    (`L >= emin - M`). Then every t is a multiple of `2^L` (induction: a rounding to F of a
///    multiple of `2^L` is one, as F's quantum at any value it changes exceeds `2^L`), so every x
///    is a multiple of `2^L` below `2^(L + 24)`, a float32: `fl32(x) = x`. Below `2^emin` x is then
///    on F's subnormal grid, where lean rounding leaves it unchanged, as `round_F` does.
/// 3. Double, exact sums: the same with `B < 2^(L + 53)` and `L >= emin - M`: `fl64(x) = x`.
/// Checked lanes otherwise (any operands, NaN and infinities included): float32 for F of at most 10
/// mantissa bits (a boundary flag on a lane then has odds about `2^(M - 23)`), else Double (odds
/// about `2^(M - 52)`); the subnormal check of float lanes when F's smallest normal is not
/// float32's, or F is fnuz.
enum LaneKernel: Equatable {
    case float(checked: Bool, subnormal: Bool)
    case double(checked: Bool)

    init(grid: AccumulatorGrid, a: ElementFacts, b: ElementFacts, segmentLength: Int, roundsFloat32Sums: Bool) {
        let lastBit = a.minLastBit + b.minLastBit
        let maxProduct = pow2(a.maxExponent + 1 + b.maxExponent + 1)
        let bound = grid.partialSumBound(length: segmentLength, maxProduct: maxProduct)
        let inRange = a.finite && b.finite && bound <= grid.maxFinite
        let multiples = inRange && grid.topQuantum >= lastBit
        let onSubnormalGrid = lastBit >= grid.minQuantum
        if inRange && roundsFloat32Sums {
            self = .float(checked: false, subnormal: false)
        } else if multiples && bound < pow2(lastBit + 24) && ((grid.emin == -126 && !grid.unsignedZero) || onSubnormalGrid) {
            self = .float(checked: false, subnormal: false)
        } else if multiples && bound < pow2(lastBit + 53) && onSubnormalGrid {
            self = .double(checked: false)
        } else if grid.mantissaBits <= 10 {
            self = .float(checked: true, subnormal: grid.emin != -126 || grid.unsignedZero)
        } else {
            self = .double(checked: true)
        }
    }
}
