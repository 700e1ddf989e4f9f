/// Reader and writer of `.safetensors` files (layout and validation in `SafetensorsHeader`).
///
/// Readers read and validate the whole header, then read and convert only the selected tensors
/// (dtypes F32, F16, BF16, F64, I8, I16, I32, U8, U16, BOOL) to Float. A selector is an exact tensor
/// name or a glob (`*` any run, `?` one character); a selector that matches nothing throws
/// `TensorError.unknownTensor` listing the closest names. Writers emit F32 tensors sorted by name
/// with the JSON header padded with spaces to a multiple of 8 bytes, so the data is 8-byte aligned.
public enum SafetensorsFile {
    /// Parses an in-memory image and returns the selected tensors (all when `select` is nil) sorted by name.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String, select: String? = nil) throws -> [(name: String, tensor: Tensor)] {
        try read(MemoryImage(bytes: bytes, name: name), select: select)
    }

    /// Parses an in-memory image held in an array.
    public static func parse(_ bytes: [UInt8], name: String, select: String? = nil) throws -> [(name: String, tensor: Tensor)] {
        try bytes.withUnsafeBytes { try parse($0, name: name, select: select) }
    }

    /// Reads the selected tensors of the file at `path`: the header, then only the selected
    /// tensors' bytes (pread into owned buffers; see `ReadOnlyFile`).
    public static func read(path: String, select: String? = nil) throws -> [(name: String, tensor: Tensor)] {
        try read(ReadOnlyFile(path: path), select: select)
    }

    /// Reads only the validated header of the file at `path` (tensor names, dtypes, shapes, metadata).
    public static func readHeader(path: String) throws -> SafetensorsHeader {
        try SafetensorsHeader.read(ReadOnlyFile(path: path))
    }

    /// The selected tensors of any source, then a check that the source did not change meanwhile.
    static func read(_ source: some ByteSource, select: String?) throws -> [(name: String, tensor: Tensor)] {
        let header = try SafetensorsHeader.read(source)
        let chosen = try selectEntries(header.entries, select, file: source.name)
        let tensors = try chosen.map { entry -> (name: String, tensor: Tensor) in
            guard let type = SafetensorsHeader.convertible[entry.dtype] else {
                throw TensorError.unsupportedDType(
                    file: source.name, tensor: entry.name, dtype: entry.dtype, accepted: SafetensorsHeader.convertible.keys.sorted())
            }
            // The header check guarantees count * size == the entry's byte range inside the data section.
            let count = Shape.elementCount(entry.shape) ?? 0
            let values = try source.floats(type, at: header.dataStart + entry.dataOffsets.lowerBound, count: count)
            return (entry.name, Tensor(shape: entry.shape, values: values))
        }
        try source.checkUnchanged()
        return tensors
    }

    /// The safetensors image of `tensors` stored as F32; `name` names the output in errors.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], name: String = "<memory>") throws -> [UInt8] {
        var out: [UInt8] = []
        for piece in try pieces(tensors, metadata: metadata, name: name) {
            switch piece {
            case let .bytes(bytes): out += bytes
            case let .floats(values):
                out.reserveCapacity(out.count + values.count * 4)
                for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            }
        }
        return out
    }

    /// Writes `tensors` as F32 to `path`, atomically; the values go to the file from the tensors' own memory.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to path: String) throws {
        try AtomicFileWriter.write(pieces(tensors, metadata: metadata, name: path), to: path)
    }

    /// The file as pieces: length and JSON header, then each tensor's values in name order.
    static func pieces(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String], name: String) throws -> [FilePiece] {
        let sorted = tensors.sorted { $0.name < $1.name }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.name == b.name {
            throw TensorError.duplicateTensor(file: name, tensor: a.name)
        }
        var fields: [String] = []
        if !metadata.isEmpty {
            let items = metadata.sorted { $0.key < $1.key }.map { "\(JSONString.literal($0.key)):\(JSONString.literal($0.value))" }
            fields.append("\"__metadata__\":{\(items.joined(separator: ","))}")
        }
        var offset = 0
        for (tensorName, tensor) in sorted {
            let end = offset + tensor.count * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(JSONString.literal(tensorName)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        return [.bytes(withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header)] + sorted.map { .floats($0.tensor.values) }
    }

    /// Entries named by `select`: all if nil, glob matches if it has `*` or `?`, else the exact name.
    static func selectEntries(_ entries: [SafetensorsHeader.Entry], _ select: String?, file: String) throws -> [SafetensorsHeader.Entry] {
        guard let select else { return entries }
        let chosen = NameMatching.isGlob(select)
            ? entries.filter { NameMatching.glob(select, matches: $0.name) }
            : entries.filter { $0.name == select }
        guard !chosen.isEmpty else {
            throw TensorError.unknownTensor(file: file, name: select, suggestions: NameMatching.closest(to: select, in: entries.map(\.name)))
        }
        return chosen
    }
}
