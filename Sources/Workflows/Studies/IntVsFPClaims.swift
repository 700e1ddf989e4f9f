/// What two detailed summaries of "INT v.s. FP" (arXiv 2510.25602) report from its Table 2 and Fig. 4,
/// as PAPERS.md section 9 records them (tag [summary]: the paper's full text was not read; the
/// summaries' median crest factors are not confirmed and are left out, PAPERS.md Corrections item 1).
/// Llama-3.1-8B tensors; "hadamard" is the paper's 32 x 32 random Hadamard rotation. Set beside our
/// measurements, never used to compute them.
enum IntVsFPClaims {
    static let tag = "[summary]"

    /// Table 2, 75th percentile of block crest factors, by (block size, rotated); -1 = per channel.
    static let crestP75: [String: Double] = ["-1/none": 11.97, "32/none": 2.96, "16/none": 2.39, "32/hadamard": 2.39, "16/hadamard": 2.11]

    static func crestP75(block: Int, rotated: Bool) -> Double? { crestP75["\(block)/\(rotated ? "hadamard" : "none")"] }

    /// Fig. 4: the INT win rate as the summaries word it, and the mean QSNR INT / FP (dB), by pair and rotation.
    static let fig4: [String: (winRate: String, int: Double, fp: Double)] = [
        "MX8/none": ("INT 100%", 40.35, 31.50), "MX6/none": ("FP wins 99.9%", 28.57, 30.39),
        "MX4/none": ("FP wins 99.7%", 15.89, 17.98), "NV4/none": ("INT 64.3%", 20.55, 20.60),
        "MX8/hadamard": ("–", 41.93, 31.51), "MX6/hadamard": ("–", 30.18, 31.03),
        "MX4/hadamard": ("–", 17.22, 18.79), "NV4/hadamard": ("INT 99.3%", 21.65, 20.35),
    ]

    static func fig4(pair: String, rotated: Bool) -> (winRate: String, int: Double, fp: Double)? { fig4["\(pair)/\(rotated ? "hadamard" : "none")"] }
}
