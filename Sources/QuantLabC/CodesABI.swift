import Codes
import Formats

// Encoding to codes and scales, and decoding them back (quantlab.h; layout in CodesLayout).

@_cdecl("quantlab_codes_layout_of")
public func quantlab_codes_layout_of(_ spec: UnsafePointer<CChar>?, _ shape: UnsafePointer<Int64>?, _ ndim: Int32,
                                     _ layout: UnsafeMutableRawPointer?,
                                     _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        let format = try FormatRegistry.tensorFormat(CArguments.string(spec, "spec"))
        let (dims, count) = try CArguments.shape(shape, ndim)
        guard let layout else { throw CArgumentError("layout is NULL") }
        let facts = try CodesLayout(format, shape: dims, count: count)
        let fields = [facts.elementBits, facts.codeBytes, facts.scaleCount, facts.scaleBytes, facts.zeroPointCount, facts.hasTensorScale]
        for (i, v) in fields.enumerated() { layout.storeBytes(of: v, toByteOffset: 8 * i, as: Int64.self) }
    }
}

@_cdecl("quantlab_encode")
public func quantlab_encode(_ input: UnsafePointer<Float>?, _ shape: UnsafePointer<Int64>?, _ ndim: Int32,
                            _ spec: UnsafePointer<CChar>?, _ rounding: UnsafePointer<CChar>?, _ seed: UInt64,
                            _ codes: UnsafeMutableRawPointer?, _ scales: UnsafeMutableRawPointer?,
                            _ tensorScale: UnsafeMutablePointer<Float>?, _ zeroPoints: UnsafeMutablePointer<UInt16>?,
                            _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        let mode = try CArguments.rounding(rounding)
        let format = try FormatRegistry.tensorFormat(CArguments.string(spec, "spec"))
        let (dims, count) = try CArguments.shape(shape, ndim)
        let layout = try CodesLayout(format, shape: dims, count: count)
        // The library's encoders take arrays: one copy of the input (encode is not the fast path).
        let values = Array(try CArguments.input(input, count: count, "input"))
        guard let scaled = format as? ScaledFormat else {
            try CodesLayout.store(format.element.encode(values, mode: mode, seed: seed), width: layout.codeBytes, to: codes)
            tensorScale?.pointee = 1
            return
        }
        let encoded = try scaled.encode(values, shape: dims, mode: mode, seed: seed)
        try CodesLayout.store(encoded.elements, width: layout.codeBytes, to: codes)
        // The bytes of the codes files (`ScaleFile`: OCP shared-exponent bytes for integer elements).
        try CodesLayout.store(ScaleFile(scaled).fileValues(encoded.scales, path: "scales"), width: layout.scaleBytes, to: scales)
        try CodesLayout.store(encoded.zeroPoints ?? [], width: 2, to: UnsafeMutableRawPointer(zeroPoints))
        guard let tensorScale else { throw CArgumentError("tensor_scale is NULL") }
        tensorScale.pointee = encoded.tensorScale
    }
}

@_cdecl("quantlab_decode")
public func quantlab_decode(_ codes: UnsafeRawPointer?, _ codeBytes: Int32, _ scales: UnsafeRawPointer?, _ scaleBytes: Int32,
                            _ tensorScale: Float, _ zeroPoints: UnsafeRawPointer?, _ zeroPointBytes: Int32,
                            _ shape: UnsafePointer<Int64>?, _ ndim: Int32, _ spec: UnsafePointer<CChar>?,
                            _ output: UnsafeMutablePointer<Float>?,
                            _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        let name = try CArguments.string(spec, "spec")
        let format = try FormatRegistry.tensorFormat(name)
        let (dims, count) = try CArguments.shape(shape, ndim)
        let layout = try CodesLayout(format, shape: dims, count: count)
        let destination = try CArguments.output(output, count: count, "output")
        let elementCodes = try CodesLayout.load(codes, count: count, width: codeBytes, limit: 1 << UInt64(layout.elementBits),
                                                "codes", spec: name)
        guard let scaled = format as? ScaledFormat else {
            for i in 0 ..< count { destination[i] = format.element.decode(elementCodes[i]) }
            return
        }
        // E8M0 codes are 0...255 (0xFF: NaN); a minifloat scale's codes 0 ..< 2^bits; FP32 any 32 bits.
        let scaleCodes = try CodesLayout.load(scales, count: Int(layout.scaleCount), width: scaleBytes,
                                              limit: 1 << UInt64(Swift.min(scaled.scale.bits, 32)), "scales", spec: name)
        let zeros = scaled.asymmetric
            ? try CodesLayout.load(zeroPoints, count: Int(layout.zeroPointCount), width: zeroPointBytes,
                                   limit: UInt64(scaled.elementMax) + 1, "zero_points", spec: name)
            : nil
        // Scale bytes as the codes files hold them (`ScaleFile`), decoded as `quantlab dequantize` does.
        let file = ScaleFile(scaled)
        let stored = file.dtype == .float32 ? scaleCodes : try file.storedCodes(scaleCodes.map { Float($0) }, format: scaled, path: "scales")
        let values = try file.decoder(for: scaled).decode(
            ScaledCodes(elements: elementCodes, scales: stored, tensorScale: tensorScale, zeroPoints: zeros), shape: dims)
        _ = destination.update(fromContentsOf: values)
    }
}
