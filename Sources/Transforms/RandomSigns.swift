/// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
/// constants as in Vigna's reference `splitmix64.c`): a 64-bit state advanced by the golden-ratio
/// increment and mixed by two xor-shift-multiply rounds. Written out here so that a seed gives the
/// same stream on every machine and every Swift version (the standard library's generator is not
/// specified).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension HadamardRotation {
    /// The diagonal of the random sign matrix D (x -> x D H, as in QuaRot's randomized Hadamard
    /// H diag(+-1) and SpinQuant's random rotations): entry i is -1 when the top bit of the i-th
    /// SplitMix64 output for `seed` is set, else +1.
    ///
    /// Entry i depends only on (seed, i), so the signs for length n are a prefix of those for any
    /// longer length; the same vector is used for every row (full-row mode) or every block
    /// (block-wise mode), indexed by the position within the rotated length.
    public static func signs(seed: UInt64, length: Int) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<max(length, 0)).map { _ in generator.next() >> 63 == 1 ? -1 : 1 }
    }
}
