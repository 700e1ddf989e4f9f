import Foundation
import Tensors

/// One entry of a sweep's `data` list: a display name and the tensor source it names.
public struct DataInput: Sendable, Equatable {
    /// Short name for tables and charts (the distribution name or file name unless given).
    public var name: String
    /// The parsed source; synthetic sources without a seed take the sweep seed.
    public var source: TensorSource
    /// The input activations of the layer whose weights `source` holds (tokens x in features), for
    /// searches with `objective=output` (`activations:` in YAML, `--activations` in analyze).
    public var activations: TensorSource?

    public init(name: String, source: TensorSource, activations: TensorSource? = nil) {
        self.name = name
        self.source = source
        self.activations = activations
    }

    /// The default name of a source: the distribution name, or the file's base name (with the
    /// safetensors selection).
    public static func defaultName(of source: TensorSource) -> String {
        switch source {
        case let .synthetic(s):
            let text = s.description
            return String(text.prefix { $0 != "(" })
        case let .npy(path):
            return (path as NSString).lastPathComponent
        case let .safetensors(path, select):
            return (path as NSString).lastPathComponent + (select.map { ":" + $0 } ?? "")
        }
    }

    /// The row length of a synthetic source (known without loading); nil for files.
    public var syntheticRowLength: Int? {
        if case let .synthetic(s) = source { return s.shape.last ?? 1 }
        return nil
    }

    /// Why the source cannot be loaded, found without loading it (a missing file), or nil.
    public var problem: String? {
        for s in [source] + (activations.map { [$0] } ?? []) {
            switch s {
            case .synthetic: continue
            case let .npy(path), let .safetensors(path, _):
                if !FileManager.default.fileExists(atPath: path) { return "file '\(path)' does not exist" }
            }
        }
        return nil
    }
}
