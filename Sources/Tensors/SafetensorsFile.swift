/// Reader and writer of `.safetensors` files (layout and validation in `SafetensorsHeader`).
///
/// Readers read and validate the whole header, then read (pread into owned buffers, never a memory
/// map: see `ReadOnlyFile`) and convert only the selected tensors (dtypes F32, F16, BF16, F64, I8,
/// I16, I32, U8, U16, BOOL) to Float. A selector is an exact tensor name or a glob with optional
/// filters (`TensorSelection`); a selector that matches nothing throws `TensorError.unknownTensor`
/// listing the closest names. Writers emit F32 tensors sorted by name with the JSON header padded
/// with spaces to a multiple of 8 bytes, so the data is 8-byte aligned.
public enum SafetensorsFile {
    /// Parses an in-memory image and returns the selected tensors sorted by name: every
    /// floating-point tensor when `select` is nil, else those of the `TensorSelection` text.
    /// `content`, if given, receives the bytes the tensors are read from (`contentStream`).
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String, select: String? = nil,
                             content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [(name: String, tensor: Tensor)] {
        try read(MemoryImage(bytes: bytes, name: name), select: select, content: content)
    }

    /// Parses an in-memory image held in an array.
    public static func parse(_ bytes: [UInt8], name: String, select: String? = nil) throws -> [(name: String, tensor: Tensor)] {
        try bytes.withUnsafeBytes { try parse($0, name: name, select: select) }
    }

    /// Reads the selected tensors of the file at `path`: the header, then only the selected
    /// tensors' bytes (pread into owned buffers; see `ReadOnlyFile`).
    public static func read(path: String, select: String? = nil, content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [(name: String, tensor: Tensor)] {
        try read(ReadOnlyFile(path: path), select: select, content: content)
    }

    /// The tensors `select` takes and skips (names, dtypes, shapes) of the file at `path`, without
    /// decoding any; `content` receives the same bytes `read` hands it.
    public static func inspect(path: String, select: String? = nil, content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> TensorListing {
        try inspect(ReadOnlyFile(path: path), select: select, content: content)
    }

    /// Reads only the validated header of the file at `path` (tensor names, dtypes, shapes, metadata).
    public static func readHeader(path: String) throws -> SafetensorsHeader {
        try SafetensorsHeader.read(ReadOnlyFile(path: path))
    }

    /// The entries of `header` that `select` takes and skips (`TensorSelection`; nil: every
    /// floating-point tensor).
    static func choose(_ header: SafetensorsHeader, name: String, select: String?) throws
        -> (chosen: [SafetensorsHeader.Entry], skipped: [SafetensorsHeader.Entry]) {
        let selection = try select.map { try TensorSelection(parsing: $0, spec: "\(name):\($0)") } ?? TensorSelection(pattern: nil)
        return try selection.choose(header.entries, file: name)
    }

    /// The selected tensors of any source, then a check that the source did not change meanwhile.
    static func read(_ source: some ByteSource, select: String?,
                     content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [(name: String, tensor: Tensor)] {
        let header = try SafetensorsHeader.read(source)
        let chosen = try choose(header, name: source.name, select: select).chosen
        let tensors = try chosen.map { entry -> (name: String, tensor: Tensor) in
            guard let type = SafetensorsHeader.convertible[entry.dtype] else {
                throw TensorError.unsupportedDType(
                    file: source.name, tensor: entry.name, dtype: entry.dtype, accepted: SafetensorsHeader.convertible.keys.sorted())
            }
            // The header check guarantees count * size == the entry's byte range inside the data section.
            let count = Shape.elementCount(entry.shape) ?? 0
            content.map { identify(entry, to: $0) }
            let values = try source.floats(type, at: header.dataStart + entry.dataOffsets.lowerBound, count: count, content: content)
            return (entry.name, Tensor(shape: entry.shape, values: values))
        }
        try source.checkUnchanged()
        return tensors
    }

    /// The taken and skipped tensors of any source without decoding; `content` receives what
    /// `read` hands it (`contentStream`).
    static func inspect(_ source: some ByteSource, select: String?, content: ((UnsafeRawBufferPointer) -> Void)?) throws -> TensorListing {
        let header = try SafetensorsHeader.read(source)
        let (chosen, skipped) = try choose(header, name: source.name, select: select)
        if let content {
            for entry in chosen {
                identify(entry, to: content)
                try source.forEachChunk(at: header.dataStart + entry.dataOffsets.lowerBound, count: entry.dataOffsets.count, content)
            }
            try source.checkUnchanged()
        }
        let item = { (e: SafetensorsHeader.Entry) in TensorListing.Item(name: e.name, dtype: e.dtype, shape: e.shape) }
        return TensorListing(tensors: chosen.map(item), skipped: skipped.map(item))
    }

    /// The content stream of a selection, the bytes a content digest covers: for each taken tensor
    /// in name order, the line `"NAME" DTYPE [SHAPE]\n` (name as a JSON string), then its data bytes.
    static func identify(_ entry: SafetensorsHeader.Entry, to content: (UnsafeRawBufferPointer) -> Void) {
        let line = "\(JSONString.literal(entry.name)) \(entry.dtype) \(entry.shape)\n"
        Array(line.utf8).withUnsafeBytes { content($0) }
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
}
