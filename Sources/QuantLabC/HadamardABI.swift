import Transforms

// The Walsh-Hadamard rotation on the caller's buffers (quantlab.h).

@_cdecl("quantlab_hadamard")
public func quantlab_hadamard(_ input: UnsafePointer<Float>?, _ output: UnsafeMutablePointer<Float>?,
                              _ shape: UnsafePointer<Int64>?, _ ndim: Int32, _ blockSize: Int64,
                              _ hasSignSeed: Int32, _ signSeed: UInt64, _ inverse: Int32,
                              _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        let (dims, count) = try CArguments.shape(shape, ndim)
        guard let block = Int(exactly: blockSize), block >= 0 else { throw HadamardError.blockSizeNotPowerOfTwo(Int(clamping: blockSize)) }
        let rotation = try HadamardRotation(blockSize: block == 0 ? nil : block, signSeed: hasSignSeed != 0 ? signSeed : nil)
        let source = try CArguments.input(input, count: count, "input")
        let destination = try CArguments.output(output, count: count, "output")
        let rowLength = dims.last ?? 1
        _ = try rotation.rotatedLength(rowLength: rowLength)  // check before touching the output
        if let from = source.baseAddress, let to = destination.baseAddress, UnsafePointer(to) != from {
            to.update(from: from, count: count)
        }
        guard count > 0 else { return }
        if inverse != 0 { try rotation.invert(destination, rowLength: rowLength) } else { try rotation.apply(destination, rowLength: rowLength) }
    }
}
