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
    /// The codes of `values` (the quantize pass with codes: scales and element codes at once).
    public func encode(_ values: [Float], shape: [Int], mode: RoundingMode = .nearestEven, seed: UInt64 = 0) throws -> ScaledCodes {
        var dequantized = [Float](repeating: 0, count: values.count)
        var elements = [UInt32](repeating: 0, count: values.count)
        let s = try values.withUnsafeBufferPointer { input in
            try dequantized.withUnsafeMutableBufferPointer { output in
                try elements.withUnsafeMutableBufferPointer { codes in
                    try quantize(input, shape: shape, into: output, mode: mode, seed: seed, codes: codes)
                }
            }
        }
        return ScaledCodes(elements: elements, scales: s.storedScales.map(scaleCode), tensorScale: s.tensorScale,
                           zeroPoints: s.zeroPoints?.map { UInt32($0) })
    }

    /// The element pass that also keeps the codes: each element's code is that of
    /// q = round(x / s [+ z]), the same expression and random draw as `ScaledKernel`'s element pass,
    /// and its value is `fl32(q * s)` (`fl32((q - z) * s)`), so decoding gives the pass's value.
    /// An element of a group with a special scale gets the code of what the element format makes of
    /// the special value (its value comes from the scale; `encode` only ever sees values `quantize`
    /// returns).
    func encodeElements(_ s: Scales, _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>,
                        _ codes: UnsafeMutableBufferPointer<UInt32>, mode: RoundingMode, seed: UInt64) {
        s.layout.forEachElement { i, g in
            let scale = s.scales[g]
            if let special = SpecialScale.value(scale) {
                output[i] = special
                codes[i] = element.encode(rounded: element.quantize(special, mode: .nearestEven, random: 0))
                return
            }
            let random = mode == .stochastic ? StochasticBits.bits(seed: seed, index: i) : 0
            let unscaled = input[i] / scale
            let z = s.zeroPoints?[g] ?? 0
            let q = element.quantize(s.zeroPoints == nil ? unscaled : unscaled + z, mode: mode, random: random)
            output[i] = s.zeroPoints == nil ? q * scale : (q - z) * scale
            codes[i] = element.encode(rounded: q)
        }
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
            if let special = SpecialScale.value(s) { out[i] = special; return }
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
