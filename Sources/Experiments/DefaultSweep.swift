/// The built-in sweep that `quantlab sweep` runs with no argument. It must equal
/// `Experiments/default.yaml` byte for byte (`DefaultSweepTests` checks), so the file in the repo
/// documents exactly what the binary runs.
public enum DefaultSweep {
    /// The report name (`Reports/default.md`) and the file name shown in messages.
    public static let name = "default"
    public static let file = "Experiments/default.yaml"

    /// The YAML text.
    public static let yaml = #"""
# The built-in sweep: `quantlab sweep` with no argument runs this (embedded in the binary as
# DefaultSweep.yaml; a test checks the two are identical).
title: Default sweep
description: >-
  Element and block formats on four synthetic distributions (Gaussian, Laplace, Student-t with
  nu = 3, Gaussian with four outlier channels scaled 50x), without and with a 32-wide randomized
  Hadamard rotation. QSNR is measured against the original tensor (after rotating back).
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
  - int8
  - int4
  - float8_e4m3fn
  - float6_e2m3fn
  - float4_e2m1fn
  - bipolar:4
  - power:4:0.5
  # Scaled formats: added once FormatRegistry.tensorFormat accepts them.
rounding:
  - nearest-even
metrics:
  - qsnr_db
  - qsnr_rotated_db
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
