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
    /// The input activations of the layer whose weights `source` holds (tokens x in features), for
    /// searches with `objective=output` (`activations:` in YAML, `--activations` in analyze), and
    /// what they hold.
    public var activations: TensorSource?
    public var activationsContent: SourceContent?
    /// For a matrix-product entry (`gemm:`), B, the sizes and the operand formats; `source` is A.
    public var gemm: GemmOperands?

    /// Reads what `source` (and `activations`) hold (headers and a content digest, through `index`);
    /// throws the reader's one-line error for a missing or malformed file or a selection that takes nothing.
    public init(name: String, source: TensorSource, activations: TensorSource? = nil, index: SourceIndex = .shared) throws {
        self.name = name
        self.source = source
        content = try index.content(of: source)
        self.activations = activations
        activationsContent = try activations.map { try index.content(of: $0) }
    }

    /// A matrix-product entry: A's source and content (read through `index`) and the rest in `gemm`.
    public init(name: String, a: TensorSource, gemm: GemmOperands, index: SourceIndex = .shared) throws {
        self.name = name
        source = a
        content = try index.content(of: a)
        self.gemm = gemm
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
        let a = source.description + (content.digest.map { "@sha256:\($0)" } ?? "")
        guard let gemm else { return a }
        return "gemm(a=\(a), b=\(gemm.bKey), m=\(gemm.m), n=\(gemm.n), k=\(gemm.k), samples=\(gemm.samples))"
    }

    /// The activations tensor that goes with weight tensor `name`: the only one, when the
    /// activations source holds one; else `NAME.input` for a weight `NAME.weight` (a whole
    /// safetensors file of inputs named after their layers). Nil when there is none.
    public func activationName(for name: String) -> String? {
        guard let tensors = activationsContent?.tensors else { return nil }
        if tensors.count == 1 { return tensors[0].name }
        guard name.hasSuffix(".weight") else { return nil }
        let wanted = String(name.dropLast(".weight".count)) + ".input"
        return tensors.contains { $0.name == wanted } ? wanted : nil
    }

    /// The activations as they appear in cell keys (as `contentKey`), or nil without activations.
    public var activationsKey: String? {
        activations.map { a in a.description + (activationsContent?.digest.map { "@sha256:\($0)" } ?? "") }
    }
}
