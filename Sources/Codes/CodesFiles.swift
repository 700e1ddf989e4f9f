import Formats
import Foundation
import Tensors

/// The files of `quantize --codes` and `dequantize` (layout in `ScaledCodes` and `PackedCodes`):
/// `OUT.npy` element codes (uint8, uint16 over 8 bits, or with --packed a 1-D uint8 bit stream);
/// for scaled formats `OUT.scales.npy` (one scale code per group: uint8 for 8-bit scale formats,
/// the float32 scale itself for FP32), `OUT.tensor_scale.npy` (float32 [1]) and, asymmetric,
/// `OUT.zero_points.npy` (uint16).
public enum CodesFiles {
    public static func stem(_ path: String) -> String { path.hasSuffix(".npy") ? String(path.dropLast(4)) : path }

    /// Fails early, before any work, when the output's folder is missing or not writable.
    public static func checkWritable(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw TensorError.io(file: path, reason: "folder '\(dir)' does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: dir) else {
            throw TensorError.io(file: path, reason: "folder '\(dir)' is not writable")
        }
    }

    public static func write(format: any TensorFormat, tensor: Tensor, to path: String, mode: RoundingMode, seed: UInt64, packed: Bool) throws {
        let bits = format.element.info.bits
        let elementCodes: [UInt32]
        var sidecars: [(String, () throws -> Void)] = []
        if let scaled = format as? ScaledFormat {
            let c = try scaled.encode(tensor.values, shape: tensor.shape, mode: mode, seed: seed)
            elementCodes = c.elements
            let stem = CodesFiles.stem(path)
            let scaleBits = scaled.scale.bits
            sidecars.append((stem + ".scales.npy", {
                if scaleBits <= 8 {
                    try NPYFile.write(codes: c.scales.map { UInt8(truncatingIfNeeded: $0) }, shape: [c.scales.count], to: stem + ".scales.npy")
                } else {
                    try NPYFile.write(Tensor(shape: [c.scales.count], values: c.scales.map { Float(bitPattern: $0) }), to: stem + ".scales.npy")
                }
            }))
            sidecars.append((stem + ".tensor_scale.npy", {
                try NPYFile.write(Tensor(shape: [1], values: [c.tensorScale]), to: stem + ".tensor_scale.npy")
            }))
            if let zeros = c.zeroPoints {
                sidecars.append((stem + ".zero_points.npy", {
                    try NPYFile.write(codes: zeros.map { UInt16(truncatingIfNeeded: $0) }, shape: [zeros.count], to: stem + ".zero_points.npy")
                }))
            }
        } else {
            elementCodes = format.element.encode(tensor.values, mode: mode, seed: seed)
        }
        if packed && bits < 8 {
            let bytes = PackedCodes.pack(elementCodes, bits: bits)
            try NPYFile.write(codes: bytes, shape: [bytes.count], to: path)
        } else if bits <= 8 {
            try NPYFile.write(codes: elementCodes.map { UInt8(truncatingIfNeeded: $0) }, shape: tensor.shape, to: path)
        } else {
            try NPYFile.write(codes: elementCodes.map { UInt16(truncatingIfNeeded: $0) }, shape: tensor.shape, to: path)
        }
        for (_, write) in sidecars { try write() }
    }

    /// Reads codes written by `write` and decodes them to values; `shape` is needed for packed codes.
    public static func read(format: any TensorFormat, from path: String, shape packedShape: [Int]?) throws -> Tensor {
        let file = try NPYFile.read(path: path)
        var shape = file.shape
        var codes = file.values.map { UInt32($0) }
        let bits = format.element.info.bits
        if let packedShape {
            let count = packedShape.reduce(1, *)
            guard let unpacked = PackedCodes.unpack(codes.map { UInt8(truncatingIfNeeded: $0) }, bits: bits, count: count) else {
                throw TensorError.sizeMismatch(file: path, tensor: nil, shape: packedShape, expectedBytes: (count * bits + 7) / 8,
                                               actualBytes: codes.count)
            }
            codes = unpacked
            shape = packedShape
        }
        guard let scaled = format as? ScaledFormat else {
            return Tensor(shape: shape, values: codes.map(format.element.decode))
        }
        let stem = CodesFiles.stem(path)
        let scales = try NPYFile.read(path: stem + ".scales.npy").values
        let tensorScale = try NPYFile.read(path: stem + ".tensor_scale.npy").values.first ?? 1
        let zeroPoints = scaled.asymmetric ? try NPYFile.read(path: stem + ".zero_points.npy").values.map { UInt32($0) } : nil
        let scaleCodes = scaled.scale.bits <= 8 ? scales.map { UInt32($0) } : scales.map(\.bitPattern)
        let values = try scaled.decode(ScaledCodes(elements: codes, scales: scaleCodes, tensorScale: tensorScale, zeroPoints: zeroPoints),
                                       shape: shape)
        return Tensor(shape: shape, values: values)
    }
}
