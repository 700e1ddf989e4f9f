import Foundation
import Formats
import Tensors

/// One entry of a sweep's `data` list: a display name, the tensor source it names, and what the
/// source holds (`SourceContent`: tensors, shapes, content digest), read when the spec is read.
public struct DataInput: Sendable, Equatable {
    /// Short name for tables and charts (the distribution name or file name unless given).
    public var name: String
    /// The parsed source; synthetic sources without a seed take the sweep seed.
    public var source: TensorSource
    public var content: SourceContent

    /// Reads what `source` holds (headers and a content digest, through `index`); throws the
    /// reader's one-line error for a missing or malformed file or a selection that takes nothing.
    public init(name: String, source: TensorSource, index: SourceIndex = .shared) throws {
        self.name = name
        self.source = source
        content = try index.content(of: source)
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

    /// The source as it appears in cell keys: its canonical spec, with `@sha256:DIGEST` of its
    /// content for files (synthetic keys are the spec alone, as before content keys).
    public var contentKey: String {
        source.description + (content.digest.map { "@sha256:\($0)" } ?? "")
    }
}
