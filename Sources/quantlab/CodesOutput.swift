import Formats
import Foundation
import Tensors

/// Writing codes for `quantize --codes` (layout in `ScaledCodes` and `PackedCodes`).
enum CodesOutput {
    /// Fails early, before any work, when the output's folder is missing or not writable.
    static func checkWritable(_ path: String) throws {
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

    static func write(format: any TensorFormat, tensor: Tensor, to path: String, mode: RoundingMode, seed: UInt64, packed: Bool) throws {
        let bits = format.element.info.bits
        let elementCodes: [UInt32]
        var sidecars: [(String, () throws -> Void)] = []
        if let scaled = format as? ScaledFormat {
            let c = try scaled.encode(tensor.values, shape: tensor.shape, mode: mode, seed: seed)
            elementCodes = c.elements
            let stem = path.hasSuffix(".npy") ? String(path.dropLast(4)) : path
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
}
