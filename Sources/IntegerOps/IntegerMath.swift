/// Integer division and shifts with the rounding the integer-only papers' code uses (Python's `//`
/// floors; `torch.round` rounds half to even), on Int64.
public enum IntegerMath {
    /// `floor(a / b)` (Python's `a // b`), b != 0.
    @inlinable
    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `a / 2^s` rounded to nearest, ties to even, for s >= 0 (s of 63 or more gives 0).
    @inlinable
    public static func roundShiftEven(_ a: Int64, _ s: Int) -> Int64 {
        guard s > 0 else { return a }
        guard s < 63 else { return 0 }
        let q = a >> s                          // floor
        let rest = a - (q << s)                 // in [0, 2^s)
        let half = Int64(1) << (s - 1)
        return rest > half || (rest == half && q & 1 == 1) ? q + 1 : q
    }

    /// `a / b` rounded to nearest, ties to even, b > 0.
    @inlinable
    public static func roundDivideEven(_ a: Int64, _ b: Int64) -> Int64 {
        let q = floorDivide(a, b), rest = a - q * b   // rest in [0, b)
        return 2 * rest > b || (2 * rest == b && q & 1 == 1) ? q + 1 : q
    }
}
