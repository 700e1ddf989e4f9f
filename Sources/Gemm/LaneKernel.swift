/// Which lanes run an emulated accumulator F (block sum in the accumulator), and with which checks
/// (`AccumulatorLanes`), chosen once per GEMM from F's grid and the element facts of the operands
/// (`ElementFacts`). Notation: L is the sum of the operands' smallest last-bit exponents (every
/// finite product `a b` is a multiple of `2^L`), P the bound `2^(maxExponent_a + 1) 2^(maxExponent_b + 1)`
/// on a finite `|a b|`, B the bound on every partial sum of the longest segment
/// (`AccumulatorGrid.partialSumBound`, infinite beyond F's range), and X the bound on the exact sum
/// `x = t + a b` of a step whose t is finite: B when `B <= maxFinite`, else `maxFinite + P`.
///
/// Range check: none when both operands are finite and `B <= maxFinite` ("in range": no step leaves
/// F's range); else `|fl(x)| > maxFinite`, which also catches NaN and infinite operands and sums,
/// and whose flagged steps the exact step does, so every t the lanes see is in F.
/// Lanes, in order of preference:
/// 1. Float32, F's rounding of float32 sums (`AccumulatorFinish.roundsFloat32SumsExactly`:
///    nearest-even with every product in F, where rounding `fl32(x)` to F is rounding x, by
///    Figueroa's innocuous double rounding).
/// 2. Float32, exact sums: F's top quantum at least `2^L`, `X < 2^(L + 24)` and `X < 2^128`, and F's subnormals
///    either float32's own (`emin = -126`, not fnuz) or every sum on their grid (`L >= emin - M`).
///    Then every finite t is a multiple of `2^L` (induction: t starts at 0; rounding a multiple of
///    `2^L` to F, when it changes it, gives a multiple of F's quantum there, which exceeds `2^L`; an
///    overflow to F's largest value gives a multiple of its top quantum), so every x is a multiple
///    of `2^L` below `2^(L + 24)`, a float32: `fl32(x) = x`. Below `2^emin` x is then on F's
///    subnormal grid, where lean rounding leaves it unchanged, as `round_F` does (and a nonzero x
///    does not round to a zero, so a fnuz F never sees -0).
/// 3. Double, exact sums: the same with `X < 2^(L + 53)` and `L >= emin - M`: `fl64(x) = x`.
/// Otherwise (any operands) the boundary check: float32 for F of at most 14 mantissa bits (a lane
/// lands on a boundary with odds of about `2^(M - 23)` on data with random low bits, and
/// `FloatLanes` resolves it in the vector), else Double (about `2^(M - 52)`; the kernel redoes
/// such a step exactly); and the subnormal check unless `L >= emin - M` (every x is then a multiple
/// of F's smallest quantum, and one below `2^emin` has at most M significant bits: exact in the
/// lanes and unchanged by lean rounding, as by `round_F`; so no x rounds to a zero it is not, and
/// -0 never arises), and for float lanes unless F's subnormals are float32's own (`emin = -126`, not
/// fnuz).
enum LaneKernel: Equatable, CustomStringConvertible {
    enum Checks: Equatable { case none, range, boundary, all }
    case float(Checks, subnormal: Bool)
    case double(Checks, subnormal: Bool)

    var description: String {
        func text(_ lanes: String, _ checks: Checks, _ subnormal: Bool) -> String {
            switch checks {
            case .none: return lanes
            case .range: return lanes + ", range checked"
            case .boundary: return lanes + ", boundary checked" + (subnormal ? " with subnormals" : "")
            case .all: return lanes + ", checked" + (subnormal ? " with subnormals" : "")
            }
        }
        switch self {
        case let .float(checks, subnormal): return text("float32 lanes", checks, subnormal)
        case let .double(checks, subnormal): return text("double lanes", checks, subnormal)
        }
    }

    init(grid: AccumulatorGrid, a: ElementFacts, b: ElementFacts, segmentLength: Int, roundsFloat32Sums: Bool) {
        let lastBit = a.minLastBit + b.minLastBit
        let maxProduct = pow2(a.maxExponent + 1 + b.maxExponent + 1)
        let bound = grid.partialSumBound(length: segmentLength, maxProduct: maxProduct)
        let inRange = a.finite && b.finite && bound <= grid.maxFinite
        let sumBound = inRange ? bound : grid.maxFinite + maxProduct
        let multiples = grid.topQuantum >= lastBit
        let onSubnormalGrid = lastBit >= grid.minQuantum
        let exact: Checks = inRange ? .none : .range, inexact: Checks = inRange ? .boundary : .all
        if roundsFloat32Sums {
            self = .float(exact, subnormal: false)
        } else if multiples && sumBound < pow2(min(lastBit + 24, 128)) && ((grid.emin == -126 && !grid.unsignedZero) || onSubnormalGrid) {
            self = .float(exact, subnormal: false)
        } else if multiples && sumBound < pow2(lastBit + 53) && onSubnormalGrid {
            self = .double(exact, subnormal: false)
        } else if grid.mantissaBits <= 14 {
            self = .float(inexact, subnormal: !onSubnormalGrid && (grid.emin != -126 || grid.unsignedZero))
        } else {
            self = .double(inexact, subnormal: !onSubnormalGrid)
        }
    }
}
