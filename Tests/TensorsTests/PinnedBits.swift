/// Exact outputs of the generators, recorded once on x86-64 Linux: the generators use only integer
/// ops and IEEE +, -, *, /, sqrt, so these must hold on every platform. A mismatch means synthetic
/// data changed, which invalidates recorded experiment results.
enum PinnedBits {
    /// xoshiro256** seeded with SplitMix64(1); cross-checked against a Python transcription of the reference C code.
    static let xoshiroSeed1: [UInt64] = [12_966_619_160_104_079_557, 9_600_361_134_598_540_522, 10_590_380_919_521_690_900]

    /// First four Float bit patterns of each distribution.
    static let firstValues: [(String, [UInt32])] = [
        ("normal(shape=8, mean=0, std=1, seed=7)", [0x3F76_E06B, 0xBF88_2911, 0xBE9B_9CBB, 0xBF8C_AB07]),
        ("laplace(shape=8, scale=1, seed=7)", [0x3F03_4386, 0xBF15_93EC, 0x3F91_8CC7, 0x4051_9EF0]),
        ("student_t(shape=8, nu=3, seed=7)", [0x3FFE_3D07, 0xBF8D_B01D, 0x3E3B_83CF, 0x3F9D_5CF5]),
        ("uniform(shape=8, low=-1, high=1, seed=7)", [0x3ECD_63EC, 0xBEE2_8F0A, 0x3F2D_E3A7, 0x3F76_5271]),
        ("lognormal(shape=8, mu=0, sigma=1, seed=7)", [0x4027_E116, 0x3EB0_B88A, 0x3F3C_E7D4, 0x3EAA_9B12]),
        ("outliers(shape=2x4, channels=1, factor=50, seed=7)", [0xBF00_091F, 0x3F44_8A73, 0xC230_2FFF, 0xBE5B_98A2]),
    ]
}
