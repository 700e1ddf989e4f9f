import CMPFR

/// An owned MPFR number (GNU MPFR over GMP): `mpfr_init2` in `init`, `mpfr_clear` in `deinit`.
/// The only type in QuantLab that touches `mpfr_t`; every operation rounds to the result's precision
/// with the stated MPFR rounding mode, so results are exact whenever the precision suffices, and
/// `ternary` (MPFR's ternary value of the operation that produced the value) says whether it was:
/// 0 exact, > 0 the stored value is above the exact result, < 0 below.
public final class MPFRValue {
    /// The mpfr_t, heap-allocated so that its address is stable and never subject to Swift's
    /// exclusivity checks when one value is both an operand and (read) argument of a call.
    @usableFromInline let ptr: UnsafeMutablePointer<__mpfr_struct>

    /// MPFR's ternary value of the operation that produced this value (0 when exact).
    public internal(set) var ternary: Int = 0

    /// A NaN of the given precision in bits.
    public init(precision: Int = 256) {
        ptr = .allocate(capacity: 1)
        mpfr_init2(ptr, mpfr_prec_t(precision))
    }

    deinit {
        mpfr_clear(ptr)
        ptr.deallocate()
    }

    /// `x` exactly (a Double has 53 bits; any precision >= 53 holds it).
    public convenience init(_ x: Double, precision: Int = 256) {
        self.init(precision: precision)
        ternary = Int(mpfr_set_d(ptr, x, MPFR_RNDN))
    }

    public convenience init(_ x: Float, precision: Int = 256) { self.init(Double(x), precision: precision) }

    public var precision: Int { Int(mpfr_get_prec(ptr)) }

    /// The version string of the linked MPFR library.
    public static var libraryVersion: String { String(cString: mpfr_get_version()) }
}
