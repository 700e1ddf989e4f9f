import Tensors

extension HadamardRotation {
    /// The diagonal of the random sign matrix D (x -> x D H, as in QuaRot's randomized Hadamard
    /// H diag(+-1) and SpinQuant's random rotations): entry i is -1 when the top bit of the i-th
    /// SplitMix64 output for `seed` is set (`Tensors.SplitMix64`, written out there so the stream is the same on every machine), else +1.
    ///
    /// Entry i depends only on (seed, i), so the signs for length n are a prefix of those for any
    /// longer length; the same vector is used for every row (full-row mode) or every block
    /// (block-wise mode), indexed by the position within the rotated length.
    public static func signs(seed: UInt64, length: Int) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<max(length, 0)).map { _ in generator.next() >> 63 == 1 ? -1 : 1 }
    }
}
