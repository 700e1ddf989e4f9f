/// The one rule for a group whose scale is not an ordinary number, shared by the fast path, the
/// codes and the saturation metric: a NaN scale (the group holds Inf or NaN; E8M0 code 0xFF, OCP MX
/// v1.0 §6.3) makes every element of the group NaN, and a zero scale (an all-zero group, or a scale
/// that rounded to zero) makes every element +0. Any other scale is used as it is.
public enum SpecialScale {
    /// The value every element of a group with scale `s` takes, or nil when `s` is an ordinary scale.
    @inlinable @inline(__always)
    public static func value(_ s: Float) -> Float? {
        s.isNaN ? .nan : s == 0 ? 0 : nil
    }
}
