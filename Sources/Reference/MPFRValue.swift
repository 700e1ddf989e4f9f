import CMPFR

/// An owned MPFR number (GNU MPFR over GMP): `mpfr_init2` in `init`, `mpfr_clear` in `deinit`.
/// The only type in QuantLab that touches `mpfr_t`; every operation rounds to the value's precision
/// with the stated MPFR rounding mode, so results are exact whenever the precision suffices.
public final class MPFRValue {
    @usableFromInline var raw = __mpfr_struct()

    /// A NaN of the given precision in bits.
    public init(precision: Int = 256) {
        mpfr_init2(&raw, mpfr_prec_t(precision))
    }

    deinit { mpfr_clear(&raw) }

    public convenience init(_ x: Double, precision: Int = 256) {
        self.init(precision: precision)
        mpfr_set_d(&raw, x, MPFR_RNDN)
    }

    public convenience init(_ x: Float, precision: Int = 256) { self.init(Double(x), precision: precision) }

    public var precision: Int { Int(mpfr_get_prec(&raw)) }

    /// The version string of the linked MPFR library.
    public static var libraryVersion: String { String(cString: mpfr_get_version()) }
}
