import Formats

// Fake quantization on the caller's buffers (quantlab.h): the fast path, no copy.

@_cdecl("quantlab_quantize")
public func quantlab_quantize(_ input: UnsafePointer<Float>?, _ output: UnsafeMutablePointer<Float>?,
                              _ shape: UnsafePointer<Int64>?, _ ndim: Int32,
                              _ spec: UnsafePointer<CChar>?, _ rounding: UnsafePointer<CChar>?, _ seed: UInt64,
                              _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        // The CLI's order of checks (QuantizeCommand): rounding, format, then the data.
        let mode = try CArguments.rounding(rounding)
        let format = try FormatRegistry.tensorFormat(CArguments.string(spec, "spec"))
        let (dims, count) = try CArguments.shape(shape, ndim)
        let source = try CArguments.input(input, count: count, "input")
        let destination = try CArguments.output(output, count: count, "output")
        try format.fakeQuantize(source, shape: dims, into: destination, mode: mode, seed: seed)
    }
}
