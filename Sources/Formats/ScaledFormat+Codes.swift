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
        let (s, rounded) = try values.withUnsafeBufferPointer { input -> (Scales, [Float]) in
            let ratio = try clippingRatio(input, shape: shape, layout: layout)
            let s = try scales(input, layout: layout, ratio: ratio)
            var out = [Float](repeating: 0, count: values.count)
            out.withUnsafeMutableBufferPointer { apply(s, input, $0, layout: layout, mode: mode, seed: seed) }
            return (s, out)
        }
        // Element codes: the rounded element is value / scale (exact: value = q * s was rounded to
        // float32, so recover q by re-rounding value / s, which lands on q).
        var elements = [UInt32](repeating: 0, count: values.count)
        layout.forEachRun(from: 0, to: values.count) { a, b, group, perElement in
            for i in a ..< b {
                let g = perElement ? group + i - a : group
                let scale = s.scales[g]
                let unscaled = rounded[i] / scale
                let q: Float = scale.isNaN || scale == 0 ? (scale.isNaN ? .nan : 0)
                    : element.quantize(s.zeroPoints.map { unscaled + $0[g] } ?? unscaled, mode: .nearestEven, random: 0)
                elements[i] = element.encode(rounded: q)
            }
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
        layout.forEachRun(from: 0, to: out.count) { a, b, group, perElement in
            for i in a ..< b {
                let g = perElement ? group + i - a : group
                let s = scales[g]
                if s.isNaN { out[i] = .nan; continue }
                if s == 0 { out[i] = 0; continue }
                let q = element.decode(codes.elements[i])
                if let z = codes.zeroPoints?[g] { out[i] = (q - Float(z)) * s } else { out[i] = q * s }
            }
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

    func scaleValue(_ code: UInt32) -> Float {
        switch scale {
        case .fp32: return Float(bitPattern: code)
        case .powerOfTwo: return code >= 0xFF ? .nan : Float(sign: .plus, exponent: Int(code) - 127, significand: 1)
        case let .minifloat(f): return f.decode(code)
        }
    }
}
