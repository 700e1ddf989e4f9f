/// The scaled fast path: group statistics, scales, then the specialized element pass.
extension ScaledFormat {
    /// Scales (and zero points) of every group, from the definition in `ScaledFormat`: what one
    /// quantize pass computed besides the values.
    public struct Scales: Sendable, Equatable {
        /// One float32 scale per group, as applied (NaN for a group holding Inf or NaN; see `SpecialScale`).
        public var scales: [Float]
        /// Zero points (asymmetric only), in element units.
        public var zeroPoints: [Float]?
        /// The second-level tensor scale (1 without one).
        public var tensorScale: Float
        /// The stored block scale per group before the tensor scale is applied (equals `scales`
        /// without a second level).
        public var storedScales: [Float]
        /// Groups are numbered as `GroupLayout` numbers them.
        public var layout: GroupLayout
    }

    public func fakeQuantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                             mode: RoundingMode, seed: UInt64) throws {
        _ = try run(input, shape: shape, into: output, mode: mode, seed: seed, codes: nil, keepScales: false)
    }

    /// The one quantize pass: writes dequantize(quantize(input)) to `output` and returns the scales
    /// it used (the clipping search, with `clip=mse`, runs once, here); with `codes`, also each
    /// element's code in the element format (`ScaledCodes`). Block formats run fused, one read of
    /// each block (`ScaledKernel.runBlocks`, also channels that are single slabs: `GroupLayout.fusedBlocks`);
    /// every other layout, and the codes, compute the scales,
    /// then run the element pass. Every path gives the same values.
    public func quantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                         mode: RoundingMode, seed: UInt64, codes: UnsafeMutableBufferPointer<UInt32>? = nil) throws -> Scales {
        try run(input, shape: shape, into: output, mode: mode, seed: seed, codes: codes, keepScales: true)
    }

    /// `quantize`; without `keepScales` the fused block pass keeps each block's scales only while
    /// it runs (`fakeQuantize` discards them), and the scales returned are empty.
    func run(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
             mode: RoundingMode, seed: UInt64, codes: UnsafeMutableBufferPointer<UInt32>?, keepScales: Bool) throws -> Scales {
        let layout = try GroupLayout(granularity, shape: shape, count: input.count, spec: name)
        guard output.count == input.count, codes.map({ $0.count == input.count }) ?? true else {
            throw FormatError.invalidBlock("output holds \(output.count) values for \(input.count) inputs of '\(name)'")
        }
        if codes == nil, asymmetric, let ratio = clipping.ratio, let (rowLength, size) = layout.fusedBlocks, let dst = output.baseAddress {
            return fusedAsymmetric(input, dst, layout: layout, rowLength: rowLength, size: size, ratio: ratio, mode: mode, seed: seed,
                                   keepScales: keepScales)
        }
        if codes == nil, !asymmetric, clipping.ratio != nil, let (rowLength, size) = layout.fusedBlocks, let dst = output.baseAddress {
            return try fused(input, dst, layout: layout, rowLength: rowLength, size: size, ratio: clipping.ratio!, mode: mode, seed: seed,
                             keepScales: keepScales)
        }
        if codes == nil, let ratio = clipping.ratio, case let .cross(alpha) = granularity, case let .elements(rowLength) = layout.walk,
           let dst = output.baseAddress {
            return try fusedCross(input, dst, layout: layout, rowLength: rowLength, alpha: alpha, ratio: ratio, mode: mode, seed: seed,
                                  keepScales: keepScales)
        }
        let s = try passScales(input, layout: layout)
        if let codes {
            encodeElements(s, input, output, codes, mode: mode, seed: seed)
        } else {
            apply(s, input, output, mode: mode, seed: seed)
        }
        return s
    }

    /// The scales a quantize pass applies to `input` (grouped by `layout`): every group's scale for
    /// the clipping ratio, or the ratio `clip=mse` finds. With `tensorAmax`, a second level comes
    /// from that finite amax instead of `input`'s: the amax of the whole tensor when `input` is one
    /// slab of it (`SlabQuantizer`); then the scales are those of the whole tensor's pass for the slab.
    public func passScales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, tensorAmax: Float? = nil) throws -> Scales {
        if let ratio = clipping.ratio { return try scales(input, layout: layout, ratio: ratio, statistics: nil, tensorAmax: tensorAmax) }
        return try mseSearch(input, layout: layout).scales
    }

    /// The finite amax of `x` (`max |x_i|` over its finite values; 0 if none): the second level's
    /// amax (`tensorLevel`), for a caller that finds it slab by slab (`passScales(tensorAmax:)`).
    public static func finiteAmax(_ x: UnsafeBufferPointer<Float>) -> Float {
        guard let p = x.baseAddress else { return 0 }
        return GroupStatistics.finiteMaxMagnitude(p, count: x.count)
    }

    /// The error for a group whose scale the scale format cannot hold.
    func scaleOverflow(amax: Float) -> FormatError {
        .invalidBlock("a group of '\(name)' needs the scale \(amax / elementMax), above \(scale.name)'s largest value \(FormatListing.short(Double(scaleMax))); use a second-level tensor scale (tensor_scale) or a wider scale format")
    }

    /// Whether a group with this (clipped) amax needs a scale its format cannot hold: only a
    /// minifloat scale without a second level can overflow (E8M0 clips by definition).
    func overflows(_ amax: Float) -> Bool {
        !tensorScale && amax / elementMax > scaleMax
    }

    /// The second level `t = fl32(fl32(amax_tensor * ratio) / (scaleMax * elemMax))` over the finite
    /// values, or 1 for a single-level format.
    func tensorLevel(_ input: UnsafeBufferPointer<Float>, ratio: Float) -> Float {
        tensorScale ? tensorLevel(maxMagnitude: Self.finiteAmax(input), ratio: ratio) : 1
    }

    /// `tensorLevel` from the tensor's largest finite magnitude.
    func tensorLevel(maxMagnitude: Float, ratio: Float) -> Float {
        guard tensorScale else { return 1 }
        let amax = maxMagnitude * ratio
        return amax / (scaleMax * elementMax)
    }

    /// The scale calculator of this format with second level `tensor` (`ScaleCalculator`).
    func scaleCalculator(tensor: Float) -> ScaleCalculator {
        ScaleCalculator(rule: scale, elementMax: elementMax, elementMantissaBits: elementMantissaBits, tensor: tensor,
                        twoLevel: tensorScale, scaleMax: scaleMax)
    }

    /// A finite group's scale from its (clipped) amax, as stored and as applied (`stored * t` with a
    /// second level): zero for an all-zero group, and for every group when `t` underflowed to 0.
    func groupScale(tensor: Float) -> (Float) -> (stored: Float, applied: Float) {
        let c = scaleCalculator(tensor: tensor)
        return { amax in c.scales(amax, c.stored) }
    }

    /// Block granularity in one pass per block (`ScaledKernel.runBlocks`); same results as
    /// `scales` followed by `apply`. Without `keepScales` the scales returned are empty.
    func fused(_ input: UnsafeBufferPointer<Float>, _ dst: UnsafeMutablePointer<Float>, layout: GroupLayout, rowLength: Int,
               size: Int, ratio: Float, mode: RoundingMode, seed: UInt64, keepScales: Bool) throws -> Scales {
        // Two levels: a first pass finds every block's magnitude and the tensor amax (one read).
        var magnitudes = [UInt32]()
        var tensor: Float = 1
        if tensorScale, let src = input.baseAddress {
            var amax: Float = 0
            magnitudes = [UInt32](unsafeUninitializedCapacity: layout.groupCount) { out, initialized in
                amax = GroupStatistics.blockMagnitudes(src, count: input.count, rowLength: rowLength, size: size, into: out.baseAddress!)
                initialized = out.count  // every block written
            }
            tensor = tensorLevel(maxMagnitude: amax, ratio: ratio)
        }
        let groups = keepScales ? layout.groupCount : 0
        var result = Scales(scales: [Float](repeating: 0, count: groups), zeroPoints: nil, tensorScale: tensor,
                            storedScales: [Float](repeating: 0, count: groups), layout: layout)
        guard let src = input.baseAddress else { return result }
        let kernel = ScaledKernel(src: src, dst: dst, scales: src, zeroPoints: nil, layout: layout, mode: mode, seed: seed)
        var tooLarge = [Float](repeating: 0, count: layout.groupCount / Swift.max(1, ParallelChunks.defaultGrain / size) + 1)
        result.storedScales.withUnsafeMutableBufferPointer { stored in
            result.scales.withUnsafeMutableBufferPointer { applied in
                tooLarge.withUnsafeMutableBufferPointer { flags in
                    magnitudes.withUnsafeBufferPointer { found in
                        var pass = BlockPass(rowLength: rowLength, size: size, ratio: ratio, scales: scaleCalculator(tensor: tensor),
                                             stored: keepScales ? stored.baseAddress : nil, applied: keepScales ? applied.baseAddress : nil,
                                             tooLarge: flags.baseAddress!)
                        pass.amax = found.isEmpty ? nil : found.baseAddress
                        kernels.blocks(kernel, pass)
                    }
                }
            }
        }
        if let amax = tooLarge.max(), amax > 0 {
            // Blocks name the largest amax too large; channels the first, as `scales` does.
            if case .blocks = layout.walk {} else { _ = try scales(input, layout: layout, ratio: ratio) }
            throw scaleOverflow(amax: amax)
        }
        return result
    }

    /// Asymmetric blocks in one pass per block (`ScaledKernel.runAsymmetricBlocks`); same results as
    /// `scales` followed by `apply`. Without `keepScales` the scales returned are empty.
    func fusedAsymmetric(_ input: UnsafeBufferPointer<Float>, _ dst: UnsafeMutablePointer<Float>, layout: GroupLayout, rowLength: Int,
                         size: Int, ratio: Float, mode: RoundingMode, seed: UInt64, keepScales: Bool) -> Scales {
        let groups = keepScales ? layout.groupCount : 0
        var result = Scales(scales: [Float](repeating: 0, count: groups), zeroPoints: [Float](repeating: 0, count: groups), tensorScale: 1,
                            storedScales: [Float](repeating: 0, count: groups), layout: layout)
        guard let src = input.baseAddress else { return result }
        let kernel = ScaledKernel(src: src, dst: dst, scales: src, zeroPoints: nil, layout: layout, mode: mode, seed: seed)
        result.storedScales.withUnsafeMutableBufferPointer { stored in
            result.scales.withUnsafeMutableBufferPointer { applied in
                result.zeroPoints!.withUnsafeMutableBufferPointer { zeros in
                    kernels.blocks(kernel, BlockPass(rowLength: rowLength, size: size, ratio: ratio,
                                                     asymmetric: AsymmetricBlocks(levels: elementMax, zeroPoints: keepScales ? zeros.baseAddress : nil),
                                                     stored: keepScales ? stored.baseAddress : nil, applied: keepScales ? applied.baseAddress : nil))
                }
            }
        }
        return result
    }

    /// Computes every group's scale for clipping `ratio`, groups on all cores.
    public func scales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, ratio: Float = 1) throws -> Scales {
        try scales(input, layout: layout, ratio: ratio, statistics: nil)
    }

    /// `scales`, given the group statistics when they are known already (they do not depend on the ratio).
    func scales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, ratio: Float, statistics: GroupStatistics?,
                tensorAmax: Float? = nil) throws -> Scales {
        if case let .cross(alpha) = granularity, case let .elements(rowLength) = layout.walk {
            return try crossScales(input, layout: layout, rowLength: rowLength, alpha: alpha, ratio: ratio)
        }
        let stats = statistics ?? GroupStatistics(input, layout: layout, signed: asymmetric)
        let (lows, highs, bad) = (stats.lows, stats.highs, stats.nonFinite)
        let tensor = tensorAmax.map { tensorLevel(maxMagnitude: $0, ratio: ratio) } ?? tensorLevel(input, ratio: ratio)
        let n = layout.groupCount
        var result = Scales(scales: [Float](repeating: 0, count: n), zeroPoints: asymmetric ? [Float](repeating: 0, count: n) : nil,
                            tensorScale: tensor, storedScales: [Float](repeating: 0, count: n), layout: layout)
        var zeros = result.zeroPoints ?? []
        let grain = 4096
        // Per chunk of groups, its first group whose scale overflows (the error names the first).
        var overflow = [Int](repeating: -1, count: (n + grain - 1) / grain)
        let scaleOf = groupScale(tensor: tensor)
        result.scales.withUnsafeMutableBufferPointer { applied in
            result.storedScales.withUnsafeMutableBufferPointer { stored in
                zeros.withUnsafeMutableBufferPointer { zeroPoints in
                    overflow.withUnsafeMutableBufferPointer { overflow in
                        ParallelChunks.run(count: n, grain: grain) { g0, g1 in
                            for g in g0 ..< g1 {
                                if bad[g] { (applied[g], stored[g]) = (.nan, .nan); continue }
                                if asymmetric {
                                    let (s, z) = ScaledFormat.asymmetricScale(low: lows[g], high: highs[g], ratio: ratio, levels: elementMax)
                                    (applied[g], stored[g], zeroPoints[g]) = (s, s, z)
                                    continue
                                }
                                let amax = highs[g] == -.infinity ? 0 : highs[g] * ratio
                                if overflows(amax) {
                                    if overflow[g0 / grain] < 0 { overflow[g0 / grain] = g }
                                    continue
                                }
                                (stored[g], applied[g]) = scaleOf(amax)
                            }
                        }
                    }
                }
            }
        }
        if asymmetric { result.zeroPoints = zeros }
        if let g = overflow.first(where: { $0 >= 0 }) { throw scaleOverflow(amax: highs[g] * ratio) }
        return result
    }

    /// An asymmetric group's scale and zero point from its finite min and max (`ScaledFormat`):
    /// `s = fl32(fl32(hi - lo) / levels)` with `lo = min(low, 0) * ratio`, `hi = max(high, 0) * ratio`,
    /// and `z = round(fl32(-lo / s))` clamped to [0, levels] (0 when s = 0).
    @inline(__always)
    static func asymmetricScale(low: Float, high: Float, ratio: Float, levels: Float) -> (scale: Float, zeroPoint: Float) {
        let lo = Swift.min(low, 0) * ratio, hi = Swift.max(high, 0) * ratio
        let s = (hi - lo) / levels
        let z = s > 0 ? Swift.min(levels, Swift.max(0, (-lo / s).rounded(.toNearestOrEven))) : 0
        return (s, z)
    }

    /// The element pass with given scales (groups numbered by `s.layout`); `indexBase` is the index
    /// of `input[0]` in the whole tensor when this is one slab of it (stochastic rounding's bits).
    public func apply(_ s: Scales, _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>,
                      mode: RoundingMode, seed: UInt64, indexBase: Int = 0) {
        guard let src = input.baseAddress, let dst = output.baseAddress, input.count == output.count, input.count == s.layout.count else { return }
        s.scales.withUnsafeBufferPointer { scales in
            let zeros = s.zeroPoints ?? []
            zeros.withUnsafeBufferPointer { zp in
                let kernel = ScaledKernel(src: src, dst: dst, scales: scales.baseAddress!, zeroPoints: s.zeroPoints == nil ? nil : zp.baseAddress,
                                          layout: s.layout, mode: mode, seed: seed, indexBase: indexBase)
                kernels.groups(kernel)
            }
        }
    }
}
