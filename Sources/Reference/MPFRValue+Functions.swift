import CMPFR

/// Elementary functions, each correctly rounded by MPFR to the result's precision.
extension MPFRValue {
    @inline(__always)
    private func function(_ precision: Int?, _ op: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32) -> MPFRValue {
        let r = MPFRValue(precision: precision ?? self.precision)
        r.ternary = Int(op(r.ptr, ptr, MPFR_RNDN))
        return r
    }

    public func exp(precision: Int? = nil) -> MPFRValue { function(precision) { mpfr_exp($0, $1, $2) } }
    public func erf(precision: Int? = nil) -> MPFRValue { function(precision) { mpfr_erf($0, $1, $2) } }
    public func squareRoot(precision: Int? = nil) -> MPFRValue { function(precision) { mpfr_sqrt($0, $1, $2) } }
}
