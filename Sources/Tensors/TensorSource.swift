import Foundation

/// Where tensors come from, as one spec string shared by the CLI and the experiment runner:
/// - a synthetic distribution call, e.g. `normal(shape=256x1024, mean=0, std=1, seed=7)`
///   (distributions and parameters in `Distribution+Catalog`, syntax in `SyntheticTensor+Spec`);
/// - a NumPy file: any path ending in `.npy`;
/// - a safetensors file: a path ending in `.safetensors`, optionally followed by `:name` or
///   `:glob` (`*`, `?`) and filters, e.g. `model.safetensors:encoder.layer.*.weight;rank=2`
///   (`TensorSelection`; the selection is kept in its canonical form).
/// `description` gives back a spec that parses to an equal value.
public enum TensorSource: Sendable, Equatable, CustomStringConvertible {
    case synthetic(SyntheticTensor)
    case npy(path: String)
    case safetensors(path: String, select: String?)

    /// Parses a spec; `defaultSeed` seeds a synthetic source that names no seed.
    public init(parsing spec: String, defaultSeed: UInt64 = 0) throws {
        let text = spec.trimmed(" \t\n")
        if text.hasSuffix(".npy") {
            self = .npy(path: text)
        } else if let range = text.range(of: ".safetensors", options: .backwards), range.upperBound == text.endIndex || text[range.upperBound] == ":" {
            let path = String(text[..<range.upperBound])
            let select = range.upperBound == text.endIndex ? nil : String(text[text.index(after: range.upperBound)...])
            self = .safetensors(path: path, select: try select.map { try TensorSelection(parsing: $0, spec: spec).description })
        } else if text.contains("(") {
            self = .synthetic(try SyntheticTensor(parsing: text, defaultSeed: defaultSeed))
        } else {
            throw TensorError.badSource(
                spec: spec,
                reason: "expected a distribution call (\(Distribution.names.joined(separator: ", "))), a .npy path, or a .safetensors path[:glob]")
        }
    }

    public var description: String {
        switch self {
        case let .synthetic(s): return s.description
        case let .npy(path): return path
        case let .safetensors(path, select): return select.map { "\(path):\($0)" } ?? path
        }
    }

    /// The name and shape of each tensor `load()` returns, in the same order, from the file headers
    /// only (no tensor data is read): for checks and estimates before any work.
    public func shapes() throws -> [(name: String, shape: [Int])] {
        switch self {
        case let .synthetic(s): return [(s.description, s.shape)]
        case let .npy(path): return [(path, try NPYFile.layout(ReadOnlyFile(path: path)).shape)]
        case let .safetensors(path, select):
            let header = try SafetensorsFile.readHeader(path: path)
            return try SafetensorsFile.choose(header, name: path, select: select).chosen.map { ($0.name, $0.shape) }
        }
    }

    /// Loads the tensors, named by tensor name (safetensors), path (npy) or canonical spec (synthetic).
    /// `content`, if given, receives the bytes the tensors are read from, in pieces: the whole
    /// .npy file, or for safetensors each taken tensor's identifying line and data
    /// (`SafetensorsFile.contentBytes`); nothing for synthetic data, which its spec determines.
    public func load(content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [(name: String, tensor: Tensor)] {
        switch self {
        case let .synthetic(s): return [(s.description, s.generate())]
        case let .npy(path):
            let file = try ReadOnlyFile(path: path)
            if let content { try file.forEachChunk(at: 0, count: file.size, content) }
            return [(path, try NPYFile.read(file))]
        case let .safetensors(path, select): return try SafetensorsFile.read(path: path, select: select, content: content)
        }
    }

    /// The tensors `load` would return (names, dtypes, shapes) and those a safetensors glob skips,
    /// from the headers alone; `content` receives exactly the bytes `load` hands it.
    public func inspect(content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> TensorListing {
        switch self {
        case let .synthetic(s): return TensorListing(tensors: [.init(name: s.description, dtype: "F32", shape: s.shape)])
        case let .npy(path):
            let file = try ReadOnlyFile(path: path)
            let layout = try NPYFile.layout(file)
            if let content {
                try file.forEachChunk(at: 0, count: file.size, content)
                try file.checkUnchanged()
            }
            return TensorListing(tensors: [.init(name: path, dtype: NPYFile.descr(layout.type), shape: layout.shape)])
        case let .safetensors(path, select): return try SafetensorsFile.inspect(path: path, select: select, content: content)
        }
    }
}
