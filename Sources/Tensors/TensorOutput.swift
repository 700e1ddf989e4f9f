import Foundation

/// Where `quantize` and `dequantize` write a tensor (`-o PATH`), decided by the path before any
/// work, with the same rule everywhere:
/// - `-`: the .npy bytes on standard output (for a pipe);
/// - `*.npy`: a float32 .npy file;
/// - `*.safetensors`: a safetensors file holding one F32 tensor, with `__metadata__` saying how it
///   was made (`SafetensorsFile`);
/// - a path that is a character device or FIFO (`/dev/null`, `/dev/stdout`), whatever its name: the
///   .npy bytes written in place;
/// - any other name is refused, so a file's bytes always match its extension.
/// Files go through `OutputTarget` (links written through, directories refused) and are atomic.
public enum TensorOutput: Equatable, Sendable {
    case standardOutput
    case npy(path: String)
    case safetensors(path: String)

    public init(path: String) throws {
        if path == "-" {
            self = .standardOutput
        } else if path.hasSuffix(".npy") {
            _ = try OutputTarget.resolve(path)
            self = .npy(path: path)
        } else if path.hasSuffix(".safetensors") {
            _ = try OutputTarget.resolve(path)
            self = .safetensors(path: path)
        } else if case .device = try OutputTarget.resolve(path) {
            self = .npy(path: path)
        } else {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let ext = name.contains(".") ? "extension '.\(name.split(separator: ".").last!)'" : "no extension"
            throw TensorError.io(file: path, reason: "\(ext): write .npy, .safetensors, or '-' for standard output")
        }
    }

    /// Writes `tensor` as float32; `name` and `metadata` are used by safetensors only.
    public func write(_ tensor: Tensor, name: String, metadata: [String: String]) throws {
        switch self {
        case .standardOutput:
            try FileHandle.standardOutput.write(contentsOf: NPYFile.encode(tensor))
        case let .npy(path):
            try NPYFile.write(tensor, to: path)
        case let .safetensors(path):
            try SafetensorsFile.write([(name, tensor)], metadata: metadata, to: path)
        }
    }
}
