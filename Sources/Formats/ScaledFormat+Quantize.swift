/// The scaled fast path: group statistics, scales, then the specialized element pass.
extension ScaledFormat {
    /// Scales (and zero points) of every group, from the definition in `ScaledFormat`.
    public struct Scales: Sendable, Equatable {
        /// One float32 scale per group (NaN for a group holding Inf or NaN).
        public var scales: [Float]
        /// Zero points (asymmetric only), in element units.
        public var zeroPoints: [Float]?
        /// The second-level tensor scale (1 without one).
        public var tensorScale: Float
        /// The stored block scale per group before the tensor scale is applied (equals `scales`
        /// without a second level).
        public var storedScales: [Float]
    }

    public func fakeQuantize(_ input: UnsafeBufferPointer<Float>, shape: [Int], into output: UnsafeMutableBufferPointer<Float>,
                             mode: RoundingMode, seed: UInt64) throws {
        let layout = try GroupLayout(granularity, shape: shape, count: input.count, spec: name)
        let ratio = try clippingRatio(input, shape: shape, layout: layout)
        if !asymmetric, case let .blocks(rowLength, size) = layout.walk, let src = input.baseAddress, let dst = output.baseAddress {
            try fused(src, dst, layout: layout, rowLength: rowLength, size: size, ratio: ratio, mode: mode, seed: seed)
            return
        }
        let s = try scales(input, layout: layout, ratio: ratio)
        apply(s, input, output, layout: layout, mode: mode, seed: seed)
    }

    /// The error for a group whose scale the scale format cannot hold.
    func scaleOverflow(_ needed: Float) -> FormatError {
        .invalidBlock("a group of '\(name)' needs the scale \(needed), above \(scale.name)'s largest value \(FormatListing.short(Double(scaleMax))); use a second-level tensor scale (tensor_scale) or a wider scale format")
    }

    /// Block granularity in one pass per block (`ScaledKernel.runBlocks`); same results as
    /// `scales` followed by `apply`.
    func fused(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, layout: GroupLayout, rowLength: Int, size: Int,
               ratio: Float, mode: RoundingMode, seed: UInt64) throws {
        var tensor: Float = 1
        if tensorScale {
            let amax = GroupStatistics.finiteMaxMagnitude(src, count: layout.count) * ratio
            tensor = amax / (scaleMax * elementMax)
        }
        let isPowerOfTwo: Bool
        if case .powerOfTwo = scale { isPowerOfTwo = true } else { isPowerOfTwo = false }
        let kernel = ScaledKernel(src: src, dst: dst, scales: src, zeroPoints: nil, layout: layout,
                                  powerOfTwo: isPowerOfTwo, mode: mode, seed: seed)
        let stored = scale.calculator(elementMax: elementMax, elementMantissaBits: elementMantissaBits, tensorScale: tensor)
        // A tensor scale that underflowed to 0 makes every finite group zero, as in `scales`.
        let applied: (Float) -> Float = tensorScale ? { tensor == 0 ? 0 : stored($0) * tensor } : stored
        let limit = tensorScale ? Float.infinity : scaleMax
        var tooLarge = [Float](repeating: 0, count: layout.groupCount / Swift.max(1, ParallelChunks.defaultGrain / size) + 1)
        tooLarge.withUnsafeMutableBufferPointer { flags in
            ScaledKernel.dispatch(element, FusedBlocks(kernel: kernel, rowLength: rowLength, size: size, ratio: ratio,
                                                       elementMax: elementMax, limit: limit, scaleOf: applied, tooLarge: flags.baseAddress!))
        }
        if let needed = tooLarge.max(), needed > 0 { throw scaleOverflow(needed) }
    }

    /// Computes every group's scale for clipping `ratio`.
    public func scales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, ratio: Float = 1) throws -> Scales {
        let stats = GroupStatistics(input, layout: layout, signed: asymmetric)
        let (lows, highs, bad) = (stats.lows, stats.highs, stats.nonFinite)
        var tensor: Float = 1
        if tensorScale {
            let amax = highs.reduce(Float(0)) { m, h in h > m && h.isFinite ? h : m } * ratio
            tensor = amax / (scaleMax * elementMax)
        }
        var result = Scales(scales: [], zeroPoints: asymmetric ? [] : nil, tensorScale: tensor, storedScales: [])
        result.scales.reserveCapacity(layout.groupCount)
        let scaleOf = scale.calculator(elementMax: elementMax, elementMantissaBits: elementMantissaBits, tensorScale: tensor)
        for g in 0 ..< layout.groupCount {
            if bad[g] { result.scales.append(.nan); result.storedScales.append(.nan); result.zeroPoints?.append(0); continue }
            if asymmetric {
                let lo = Swift.min(lows[g], 0) * ratio, hi = Swift.max(highs[g], 0) * ratio
                let levels = elementMax
                let s = (hi - lo) / levels
                let z = s > 0 ? Swift.min(levels, Swift.max(0, (-lo / s).rounded(.toNearestOrEven))) : 0
                result.scales.append(s); result.storedScales.append(s); result.zeroPoints?.append(z)
                continue
            }
            let amax = highs[g] == -.infinity ? 0 : highs[g] * ratio
            if amax == 0 || (tensorScale && tensor == 0) {
                result.scales.append(0); result.storedScales.append(0); continue
            }
            if !tensorScale, amax / elementMax > scaleMax { throw scaleOverflow(amax / elementMax) }
            let stored = scaleOf(amax)
            result.storedScales.append(stored)
            result.scales.append(tensorScale ? stored * tensor : stored)
        }
        return result
    }

    /// The element pass with given scales.
    public func apply(_ s: Scales, _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>,
                      layout: GroupLayout, mode: RoundingMode, seed: UInt64) {
        guard let src = input.baseAddress, let dst = output.baseAddress, input.count == output.count else { return }
        let isPowerOfTwo: Bool
        if case .powerOfTwo = scale { isPowerOfTwo = true } else { isPowerOfTwo = false }
        s.scales.withUnsafeBufferPointer { scales in
            let zeros = s.zeroPoints ?? []
            zeros.withUnsafeBufferPointer { zp in
                let kernel = ScaledKernel(src: src, dst: dst, scales: scales.baseAddress!, zeroPoints: s.zeroPoints == nil ? nil : zp.baseAddress,
                                          layout: layout, powerOfTwo: isPowerOfTwo, mode: mode, seed: seed)
                ScaledKernel.dispatch(element, GroupRuns(kernel: kernel))
            }
        }
    }
}

/// The element pass over precomputed scales.
struct GroupRuns: SpecializedBody {
    let kernel: ScaledKernel
    func run<E: ElementRounding>(_ e: E) { kernel.run(e) }
}

/// The fused block pass.
struct FusedBlocks: SpecializedBody {
    let kernel: ScaledKernel
    let rowLength: Int, size: Int
    let ratio: Float, elementMax: Float, limit: Float
    let scaleOf: (Float) -> Float
    let tooLarge: UnsafeMutablePointer<Float>
    func run<E: ElementRounding>(_ e: E) {
        kernel.runBlocks(e, rowLength: rowLength, size: size, ratio: ratio, elementMax: elementMax, limit: limit,
                         scaleOf: scaleOf, tooLarge: tooLarge)
    }
}
