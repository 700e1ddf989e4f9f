/// Signed integers and bipolar-INT values (arXiv 2409.17870, "Efficient Arbitrary Precision
/// Acceleration for LLMs on GPU Tensor Cores"; the equations as a literature review of its journal
/// extension APT-LLM restates them: the full text was not read).
///
/// An n-bit bipolar code b_(n-1) .. b_0 has the value v = sum_i 2^i (2 b_i - 1): each bit is -1 or +1
/// times 2^i, so the values are the odd integers in [-(2^n - 1), 2^n - 1] (2^n levels, step 2, no zero).
/// A signed n-bit integer x in [-2^(n-1), 2^(n-1) - 1] maps to v = 2x + 1, a bijection onto that set,
/// and the bipolar code of v is the offset-binary code u = x + 2^(n-1) (since v = 2u - (2^n - 1)).
/// An affine tensor W = s x + z is then W = (s/2) v + (z - s/2), without loss.
public enum BipolarConversion {
    /// `2x + 1`.
    @inlinable public static func bipolar(fromSigned x: Int) -> Int { 2 * x + 1 }

    /// `(v - 1) / 2` (exact for odd v).
    @inlinable public static func signed(fromBipolar v: Int) -> Int { (v - 1) >> 1 }

    /// The n-bit code of the bipolar value v: `(v + 2^n - 1) / 2`.
    @inlinable public static func code(ofBipolar v: Int, bits n: Int) -> UInt64 { UInt64((v + (1 << n) - 1) >> 1) }

    /// The value of an n-bit bipolar code: `sum_i 2^i (2 b_i - 1)`, bit by bit as the definition states.
    @inlinable public static func value(ofCode code: UInt64, bits n: Int) -> Int {
        var v = 0
        for i in 0 ..< n { v += (Int((code >> UInt64(i)) & 1) * 2 - 1) << i }
        return v
    }

    /// The bipolar scale and offset of an affine integer tensor `W = s x + z`: `(s/2, z - s/2)`.
    @inlinable public static func affine(scale s: Double, zero z: Double) -> (scale: Double, offset: Double) { (s / 2, z - s / 2) }
}
