/// LLM-FP4's floating-point quantizer (arXiv 2310.16836 §3, Eqs. 1-9; the authors' code,
/// nbasyl/LLM-FP4 `quant_layers/fp_linear.py`, `get_scale`): an ExMy grid in which every exponent
/// code is a value (no Inf or NaN) under a real-valued exponent bias `b~` per group.
///
/// Values with bias `b~`: `2^(p - b~) (1 + d/2^m)` for exponent codes p = 1 ... 2^e - 1 and the
/// subnormals `2^(1 - b~) d/2^m` below the first binade, so the clip value is
/// `Qmax = (2 - 2^-m) 2^(2^e - 1 - b~)` (Eq. 4) and the step at `|x|` is
/// `2^(max(floor(log2|x| + b~), 1) - m - b~)` (the code's `get_scale`). That is the bias-0 grid
/// `fp:eEmM:b0:finite` scaled by `s = 2^-b~` (Eq. 6 merges the real scale into the bias), computed
/// here as the same values: the bias-1 grid `fp:eEmM:b1:finite` (half the bias-0 values; the fast
/// path takes no grid whose smallest positive value exceeds 1) scaled by `2 s`:
/// 1. `amax` = the group's largest finite |x|; `s0 = fl32(amax / Qmax0)`, `Qmax0 = (2 - 2^-m) 2^(2^e - 1)`,
///    so `b~init = -log2 s0` puts the clip value at amax (Eq. 7, the MinMax bias).
/// 2. The group scale `s = 2^-b~`: `s = s0` for `factor = 1`; `s = fl32(exp2(c log2 s0))`, i.e.
///    `b~ = c b~init`, for `factor = c` (the search scales the bias: Alg. 1, code `eq_alpha + i ...`);
///    `s = fl32(exp2(-b))` for a fixed `bias = b`. exp2/log2 are `BinaryPowers` (the same bits on
///    every machine).
/// 3. Each element: `q = round(fl32(x / 2s))` on the bias-1 grid (nearest even by default, like the
///    code's `torch.round`; saturating at Qmax0 / 2, i.e. the code's clamp to [-Qmax, Qmax]), value
///    `fl32(q 2s)`.
/// Edge cases: a group holding Inf or NaN becomes NaN; an all-zero group, or one whose scale
/// underflows to 0 or overflows to Inf, becomes zeros (every value rounds to 0 on so coarse a grid).
/// E0My is excluded as in the paper ("E1 already degenerates to INT"); e <= 7 (2^e - 1 <= 127).
public struct RealBiasFloat: TensorFormat, GridScaled {
    public enum Bias: Sendable, Hashable {
        /// `b~ = factor * b~init(amax)` per group (1 is MinMax).
        case minMax(factor: Double)
        /// `b~` given.
        case fixed(Double)
    }

    public let name: String
    public let exponentBits: Int
    public let mantissaBits: Int
    public let bias: Bias
    public let granularity: Granularity
    /// The bias-1 grid, saturating.
    public let grid: MiniFloat
    /// `Qmax0 = (2 - 2^-m) 2^(2^e - 1)`, the largest value of the bias-0 grid (twice the bias-1 grid's).
    public let gridMax: Float
    /// The grid's loops (`grid.kernels`), built once.
    let kernels: SpecializedKernels

    public init(exponentBits e: Int, mantissaBits m: Int, bias: Bias = .minMax(factor: 1),
                granularity: Granularity = .tensor, name: String? = nil) throws {
        let spec = name ?? RealBiasFloat.canonicalName(e, m, bias, granularity)
        guard (1 ... 7).contains(e) else { throw FormatError.invalidSpec(spec, reason: "exponent bits \(e) not in 1...7") }
        guard (0 ... 10).contains(m) else { throw FormatError.invalidSpec(spec, reason: "mantissa bits \(m) not in 0...10") }
        switch bias {
        case let .minMax(c): guard c.isFinite, c > 0 else { throw FormatError.invalidSpec(spec, reason: "bias factor \(c) must be positive") }
        case let .fixed(b): guard b.isFinite, abs(b) <= 120 else { throw FormatError.invalidSpec(spec, reason: "bias \(b) not in [-120, 120]") }
        }
        if case let .block(size) = granularity, size < 1 { throw FormatError.invalidSpec(spec, reason: "block size \(size) must be at least 1") }
        self.name = spec
        exponentBits = e; mantissaBits = m; self.bias = bias; self.granularity = granularity
        let g = try MiniFloat(exponentBits: e, mantissaBits: m, bias: 1, specials: .finite, saturating: true,
                              name: "fp:e\(e)m\(m):b1:finite:sat")
        grid = g
        kernels = g.kernels
        gridMax = 2 * Float(g.info.maxFinite)
    }

    public var element: any ElementFormat { grid }
    /// A scaled minifloat; the real-bias scale 2^-b~ is a float32 scale per group.
    public var descriptor: FormatDescriptor {
        (try? ScaledFormat(name: name, element: grid, granularity: granularity, scale: .fp32)).map(FormatDescriptor.init)
            ?? FormatDescriptor(unscaled: grid)
    }
    /// Sign, exponent and mantissa bits; the per-group bias is not counted (like FP32 scales).
    public var bitsPerElement: Double { Double(1 + exponentBits + mantissaBits) }

    /// The scale `s = 2^-b~` of a group with largest finite magnitude `amax > 0`.
    public func scale(amax: Float) -> Float {
        let s0 = amax / gridMax
        switch bias {
        case let .minMax(c): return c == 1 ? s0 : Float(BinaryPowers.exp2(c * BinaryPowers.log2(Double(s0))))
        case let .fixed(b): return Float(BinaryPowers.exp2(-b))
        }
    }

    /// The real bias `b~ = -log2 s` that `scale(amax:)` applies.
    public func realBias(amax: Float) -> Double { -BinaryPowers.log2(Double(scale(amax: amax))) }

    /// Every group's grid scale `2 s` (the bias-1 grid's): NaN for a group holding Inf or NaN, 0 for
    /// a group that becomes zeros.
    /// Groups run on all cores.
    public func scales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout) -> [Float] {
        let stats = GroupStatistics(input, layout: layout, signed: false)
        var out = [Float](repeating: 0, count: layout.groupCount)
        out.withUnsafeMutableBufferPointer { out in
            ParallelChunks.run(count: layout.groupCount, grain: 4096) { g0, g1 in
                for g in g0 ..< g1 {
                    if stats.nonFinite[g] { out[g] = .nan; continue }
                    let amax = stats.highs[g] == -.infinity ? 0 : stats.highs[g]
                    guard amax > 0 else { continue }
                    let s = 2 * scale(amax: amax)
                    out[g] = s.isFinite ? s : 0
                }
            }
        }
        return out
    }

    /// The grid values and the one scale of a per-tensor `fpq` (nil for other granularities).
    public func gridValues(_ input: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>, mode: RoundingMode, seed: UInt64) -> Float? {
        guard granularity == .tensor, let src = input.baseAddress, let dst = out.baseAddress else { return nil }
        let m = GroupStatistics.maxMagnitudeBits(src, 0, input.count, finiteOnly: true)
        if m.any >= 0x7F80_0000 { return .nan }
        let amax = Float(bitPattern: m.finite)
        let s = amax > 0 ? 2 * scale(amax: amax) : 0
        guard s > 0, s.isFinite else { out.update(repeating: 0); return 0 }
        for i in 0 ..< input.count { dst[i] = src[i] / s }
        kernels.quantize(UnsafeBufferPointer(out), into: out, mode: mode, seed: seed, indexOffset: 0)
        return s
    }

    public func fakeQuantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                             mode: RoundingMode, seed: UInt64) throws {
        let layout = try GroupLayout(granularity, shape: shape, count: input.count, spec: name)
        // Blocks (and single-slab channels): one fused pass, each block's amax, scale and elements
        // while it is in cache (`ScaledKernel.runBlocks`); the same values as the two passes below.
        if let (rowLength, size) = layout.fusedBlocks, let src = input.baseAddress, let dst = output.baseAddress, input.count == output.count {
            let pass = BlockPass(rowLength: rowLength, size: size) { amax in
                let s = 2 * scale(amax: amax)
                return s.isFinite ? s : 0
            }
            kernels.blocks(ScaledKernel(src: src, dst: dst, scales: src, zeroPoints: nil, layout: layout, mode: mode, seed: seed), pass)
            return
        }
        let s = scales(input, layout: layout)
        guard let src = input.baseAddress, let dst = output.baseAddress, input.count == output.count else { return }
        // The scaled element pass of `ScaledFormat` (`ScaledKernel`): fl32(q(fl32(x / s)) s) per element,
        // a special scale per `SpecialScale`.
        s.withUnsafeBufferPointer { scales in
            kernels.groups(ScaledKernel(src: src, dst: dst, scales: scales.baseAddress!, zeroPoints: nil,
                                        layout: layout, mode: mode, seed: seed))
        }
    }
}
