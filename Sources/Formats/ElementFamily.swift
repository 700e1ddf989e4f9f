/// The kind of number an element format holds; reports group formats by it.
public enum ElementFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// Integers on a uniform grid (two's complement, symmetric, unsigned), and formats on one.
    case int
    /// Binary floating point (ExMy minifloats, E8M0, bfloat16, float16).
    case fp
    /// Bipolar-INT: odd integers, no zero.
    case bipolar
    /// Power-exponent levels `±k^(1/a)`.
    case power
    /// Any listed values (NF4-style).
    case codebook
}
