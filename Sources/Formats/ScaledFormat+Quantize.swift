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
        let s = try scales(input, layout: layout, ratio: ratio)
        apply(s, input, output, layout: layout, mode: mode, seed: seed)
    }

    /// Computes every group's scale for clipping `ratio`.
    public func scales(_ input: UnsafeBufferPointer<Float>, layout: GroupLayout, ratio: Float = 1) throws -> Scales {
        var lows = [Float](repeating: .infinity, count: layout.groupCount)
        var highs = [Float](repeating: -.infinity, count: layout.groupCount)
        var bad = [Bool](repeating: false, count: layout.groupCount)
        // Group statistics in one ordered pass (max and min are order-independent anyway).
        layout.forEachRun(from: 0, to: input.count) { a, b, group, perElement in
            for i in a ..< b {
                let g = perElement ? group + i - a : group
                let x = input[i]
                if !x.isFinite { bad[g] = true; continue }
                let v = asymmetric ? x : abs(x)
                if v < lows[g] { lows[g] = v }
                if v > highs[g] { highs[g] = v }
            }
        }
        var tensor: Float = 1
        if tensorScale, case let .minifloat(f) = scale {
            let amax = highs.indices.reduce(Float(0)) { m, g in highs[g] > m && highs[g].isFinite ? highs[g] : m } * ratio
            tensor = amax / (Float(f.info.maxFinite) * elementMax)
        }
        var result = Scales(scales: [], zeroPoints: asymmetric ? [] : nil, tensorScale: tensor, storedScales: [])
        result.scales.reserveCapacity(layout.groupCount)
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
            if case let .minifloat(f) = scale, !tensorScale, amax / elementMax > Float(f.info.maxFinite) {
                throw FormatError.invalidBlock("scale \(amax / elementMax) of a group in '\(name)' exceeds \(f.info.name)'s largest value \(FormatListing.short(f.info.maxFinite)); use a second-level tensor scale or a wider scale format")
            }
            let stored = scale.scale(amax: amax, elementMax: elementMax, elementMantissaBits: elementMantissaBits, tensorScale: tensor)
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
                ScaledKernel.dispatch(element, kernel)
            }
        }
    }
}
