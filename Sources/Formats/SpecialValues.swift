/// Which codes of a minifloat are not finite numbers, and what overflow becomes.
///
/// | policy | codes | largest finite | Inf input | overflow (nearest modes) | NaN input |
/// | --- | --- | --- | --- | --- | --- |
/// | `ieee` | exponent all ones: Inf (mantissa 0), NaN (else) | `(2 - 2^-M) 2^(2^E-2-bias)` | Inf | Inf | NaN |
/// | `fn` | `S.1..1.1..1` is NaN (OCP FP8 E4M3 §5.3.1), no Inf | `(2 - 2^(1-M)) 2^(2^E-1-bias)` | NaN | NaN | NaN |
/// | `fnuz` | `1.0..0.0..0` (the -0 code) is the single NaN, no Inf, no -0 | `(2 - 2^-M) 2^(2^E-1-bias)` | NaN | NaN | NaN |
/// | `finite` | every code finite (OCP MX FP6/FP4, §5.3.3) | `(2 - 2^-M) 2^(2^E-1-bias)` | saturate | saturate | +0 |
/// | `exponentOnly` | unsigned, no zero, `1..1` is NaN (OCP MX E8M0, §5.4.1) | `2^(2^E-2-bias)` | NaN | NaN | NaN |
///
/// ml_dtypes 0.6 behaves as this table for its named types (checked for E4M3FN: 464 -> 448, 465 -> NaN;
/// E2M1: 7 and Inf -> 6). Two deliberate differences: a NaN input to a `finite` format gives +0
/// (ml_dtypes gives the -0 code 0x20/0x8 for +NaN, an artifact of its bit casting), and E8M0 rounds
/// ties up, as ml_dtypes does (it has no mantissa bit to be even).
/// Under IEEE 754 §7.4 a mode that rounds the magnitude down (toward zero, or toward the far
/// infinity) turns overflow into the largest finite value. A saturating variant (`:sat`) clamps every
/// overflow and every infinity to the largest finite value.
public enum SpecialValues: String, Sendable, Codable, CaseIterable {
    case ieee
    case fn
    case fnuz
    case finite
    case exponentOnly = "e8m0"
}
