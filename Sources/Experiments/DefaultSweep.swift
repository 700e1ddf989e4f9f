/// The built-in sweep that `quantlab sweep` runs with no argument. It must equal
/// `Experiments/default.yaml` byte for byte (`DefaultSweepTests` checks), so the file in the repo
/// documents exactly what the binary runs.
public enum DefaultSweep {
    /// The report name (`Reports/default.md`) and the file name shown in messages.
    public static let name = "default"
    public static let file = "Experiments/default.yaml"

    /// The YAML text.
    public static let yaml = #"""
# The built-in sweep: `quantlab sweep` with no argument runs this. The binary embeds a copy
# (Sources/Experiments/DefaultSweep.swift); a test checks that the two are identical.
title: Default sweep
description: >-
  Per-tensor INT, element FP8, the OCP MX and NVIDIA NV block formats, and block-scaled
  bipolar-INT and power-exponent formats on four synthetic distributions (Gaussian, Laplace,
  Student-t with nu = 3, Gaussian with four outlier channels scaled 50x), without and with a
  32-wide randomized Hadamard rotation. QSNR is measured against the original tensor (after
  rotating back); block crest factors use blocks of 32.
seed: 7
block_size: 32
data:
  - normal(shape=256x1024, std=1)
  - laplace(shape=256x1024, scale=1)
  - student_t(shape=256x1024, nu=3)
  - outliers(shape=256x1024, channels=4, factor=50)
transforms:
  - none
  - hadamard:32:random
formats:
  - int8/tensor
  - int4/tensor
  - float8_e4m3fn
  - mxint8
  - mxfp8_e4m3
  - mxfp6_e2m3
  - mxfp4
  - nvfp4
  - nvint4
  - bipolar:4/g32
  - power:4:0.5/g32
rounding:
  - nearest-even
metrics:
  - qsnr_db
  - kernel_share
  - saturated_share
  - bits
  - block_crest
charts:
  - qsnr_by_format
  - qsnr_vs_bits
  - qsnr_vs_crest
  - kernel_share
  - hadamard

"""#

    /// The parsed spec.
    public static func spec() throws -> SweepSpec { try SweepSpec(yaml: yaml, file: file) }
}
