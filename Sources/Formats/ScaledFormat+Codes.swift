/// Codes of a scaled tensor: element codes plus one scale code per group.
///
/// Layout (what `quantlab quantize --codes` writes): `elements[i]` is element i's code in the element
/// format; `scales[g]` is group g's stored scale as a code of the scale format (E8M0: `e + 127`,
/// 0xFF = NaN; a minifloat: its code; FP32: the float's bit pattern); groups are numbered in C order
/// of their first element (blocks: row-major, `ceil(rowLength / block)` per row); `tensorScale` is the
/// second level (1 without one); `zeroPoints[g]` the asymmetric zero point (integer, element units).
/// Decoding gives exactly what `fakeQuantize` gives.
public struct ScaledCodes: Sendable, Equatable {
    public var elements: [UInt32]
    public var scales: [UInt32]
    public var tensorScale: Float
    public var zeroPoints: [UInt32]?

    public init(elements: [UInt32], scales: [UInt32], tensorScale: Float, zeroPoints: [UInt32]?) {
        self.elements = elements; self.scales = scales; self.tensorScale = tensorScale; self.zeroPoints = zeroPoints
    }
}

extension ScaledFormat {
    public func encode(_ values: [Float], shape: [Int], mode: RoundingMode = .nearestEven, seed: UInt64 = 0) throws -> ScaledCodes {
        let layout = try GroupLayout(granularity, shape: shape, count: values.count, spec: name)
        let s = try values.withUnsafeBufferPointer { input in
            try scales(input, layout: layout, ratio: clippingRatio(input, shape: shape, layout: layout))
        }
        // Each element's code is that of q = round(x / s [+ z]), the same expression and random
        // draw as the fast path's element pass (ScaledKernel), so decoding gives fakeQuantize's value.
        var elements = [UInt32](repeating: 0, count: values.count)
        layout.forEachElement { i, g in
            let scale = s.scales[g]
            let q: Float
            if scale.isNaN || scale == 0 {
                q = scale.isNaN ? .nan : 0
            } else {
                let random = mode == .stochastic ? StochasticBits.bits(seed: seed, index: i) : 0
                let unscaled = values[i] / scale
                q = element.quantize(s.zeroPoints.map { unscaled + $0[g] } ?? unscaled, mode: mode, random: random)
            }
            elements[i] = element.encode(rounded: q)
        }
        return ScaledCodes(elements: elements, scales: s.storedScales.map(scaleCode), tensorScale: s.tensorScale,
                           zeroPoints: s.zeroPoints?.map { UInt32($0) })
    }

    public func decode(_ codes: ScaledCodes, shape: [Int]) throws -> [Float] {
        let layout = try GroupLayout(granularity, shape: shape, count: codes.elements.count, spec: name)
        guard codes.scales.count == layout.groupCount else {
            throw FormatError.invalidBlock("\(codes.scales.count) scales given for \(layout.groupCount) groups of '\(name)'")
        }
        let stored = codes.scales.map(scaleValue)
        let scales = tensorScale ? stored.map { $0 * codes.tensorScale } : stored
        var out = [Float](repeating: 0, count: codes.elements.count)
        layout.forEachElement { i, g in
            let s = scales[g]
            if s.isNaN { out[i] = .nan; return }
            if s == 0 { out[i] = 0; return }
            let q = element.decode(codes.elements[i])
            if let z = codes.zeroPoints?[g] { out[i] = (q - Float(z)) * s } else { out[i] = q * s }
        }
        return out
    }

    /// The stored scale's code in the scale format.
    func scaleCode(_ s: Float) -> UInt32 {
        switch scale {
        case .fp32: return s.bitPattern
        case .powerOfTwo: return s.isNaN ? 0xFF : s == 0 ? 0 : UInt32(Int(s.exponent) + 127)
        case let .minifloat(f): return f.encode(rounded: s)
        }
    }

    /// The stored scale a scale code stands for (before any tensor scale).
    public func scaleValue(_ code: UInt32) -> Float {
        switch scale {
        case .fp32: return Float(bitPattern: code)
        case .powerOfTwo: return code >= 0xFF ? .nan : Float(sign: .plus, exponent: Int(code) - 127, significand: 1)
        case let .minifloat(f): return f.decode(code)
        }
    }
}
