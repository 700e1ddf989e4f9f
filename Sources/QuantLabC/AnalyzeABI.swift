import Tensors
import Workflows

// Every metric of several formats on one tensor (quantlab.h; ArrayAnalysis).

@_cdecl("quantlab_analyze")
public func quantlab_analyze(_ input: UnsafePointer<Float>?, _ shape: UnsafePointer<Int64>?, _ ndim: Int32,
                             _ formats: UnsafePointer<UnsafePointer<CChar>?>?, _ formatCount: Int32,
                             _ hadamard: UnsafePointer<CChar>?, _ hasRandomSigns: Int32, _ randomSigns: UInt64,
                             _ rounding: UnsafePointer<CChar>?, _ seed: UInt64, _ blockSize: Int64, _ allowNonFinite: Int32,
                             _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                             _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    CStatus.run(error, capacity) {
        guard let json else { throw CArgumentError("json is NULL") }
        guard formatCount >= 0, formatCount == 0 || formats != nil else { throw CArgumentError("formats is NULL") }
        let specs = try (0 ..< Int(formatCount)).map { try CArguments.string(formats![$0], "formats[\($0)]") }
        let (dims, count) = try CArguments.shape(shape, ndim)
        let values = Array(try CArguments.input(input, count: count, "input"))
        guard let block = Int(exactly: blockSize) else { throw CArgumentError("bad block size \(blockSize)") }
        let analysis = Analysis(formats: specs, source: "", hadamard: try hadamard.map { try CArguments.string($0, "hadamard") },
                                randomSigns: hasRandomSigns != 0 ? randomSigns : nil,
                                rounding: try rounding.map { try CArguments.string($0, "rounding") } ?? "nearest-even",
                                seed: seed, blockSize: block, allowNonFinite: allowNonFinite != 0)
        let output = try ArrayAnalysis(analysis: analysis, tensor: Tensor(shape: dims, values: values)).run()
        json.pointee = try FormatDescription.json(output)
    }
}
