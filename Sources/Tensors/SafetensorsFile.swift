/// Reader and writer of `.safetensors` files (layout and validation in `SafetensorsHeader`).
///
/// Readers memory-map the file, validate the whole header, then convert only the selected tensors
/// (dtypes F32, F16, BF16, F64, I8, I16, I32, U8, U16, BOOL) to Float. A selector is an exact tensor
/// name or a glob with optional filters (`TensorSelection`); a selector that matches nothing throws
/// `TensorError.unknownTensor` listing the closest names. Writers emit F32 tensors sorted by name
/// with the JSON header padded with spaces to a multiple of 8 bytes, so the data is 8-byte aligned.
public enum SafetensorsFile {
    /// Parses an in-memory image and returns the selected tensors sorted by name: every
    /// floating-point tensor when `select` is nil, else those of the `TensorSelection` text.
    /// `content`, if given, receives the bytes the tensors are read from (`contentBytes`).
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String, select: String? = nil,
                             content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [(name: String, tensor: Tensor)] {
        let (header, chosen, _) = try choose(bytes, name: name, select: select)
        return try chosen.map { entry in
            guard let type = SafetensorsHeader.convertible[entry.dtype] else {
                throw TensorError.unsupportedDType(
                    file: name, tensor: entry.name, dtype: entry.dtype, accepted: SafetensorsHeader.convertible.keys.sorted())
            }
            let data = try contentBytes(entry, header: header, image: bytes, name: name, content: content)
            return (entry.name, Tensor(shape: entry.shape, values: type.decode(data, count: Shape.elementCount(entry.shape) ?? 0)))
        }
    }

    /// The tensors `select` takes and skips (names, dtypes, shapes), without decoding any; `content`
    /// receives the same bytes `parse` reads them from.
    public static func inspect(_ bytes: UnsafeRawBufferPointer, name: String, select: String? = nil,
                               content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> TensorListing {
        let (header, chosen, skipped) = try choose(bytes, name: name, select: select)
        for entry in chosen { _ = try contentBytes(entry, header: header, image: bytes, name: name, content: content) }
        let item = { (e: SafetensorsHeader.Entry) in TensorListing.Item(name: e.name, dtype: e.dtype, shape: e.shape) }
        return TensorListing(tensors: chosen.map(item), skipped: skipped.map(item))
    }

    /// The header and the entries `select` takes and skips.
    static func choose(_ bytes: UnsafeRawBufferPointer, name: String, select: String?) throws
        -> (header: SafetensorsHeader, chosen: [SafetensorsHeader.Entry], skipped: [SafetensorsHeader.Entry]) {
        let header = try SafetensorsHeader.parse(bytes, file: name)
        let selection = try select.map { try TensorSelection(parsing: $0, spec: "\(name):\($0)") } ?? TensorSelection(pattern: nil)
        let (chosen, skipped) = try selection.choose(header.entries, file: name)
        return (header, chosen, skipped)
    }

    /// The data bytes of `entry`, after handing `content` what identifies the tensor: the line
    /// `"NAME" DTYPE [SHAPE]\n` (name as a JSON string) and then the data bytes themselves. That
    /// stream, over the taken tensors in name order, is what a content digest of a selection covers.
    static func contentBytes(_ entry: SafetensorsHeader.Entry, header: SafetensorsHeader, image bytes: UnsafeRawBufferPointer,
                             name: String, content: ((UnsafeRawBufferPointer) -> Void)?) throws -> UnsafeRawBufferPointer {
        let size = SafetensorsHeader.dtypeSizes[entry.dtype] ?? 0
        guard let data = ByteImage(bytes: bytes).slice(header.dataStart + entry.dataOffsets.lowerBound, entry.dataOffsets.count),
              data.count == (Shape.elementCount(entry.shape) ?? 0) * size else {
            throw TensorError.offsetsOutOfRange(
                file: name, tensor: entry.name, begin: entry.dataOffsets.lowerBound, end: entry.dataOffsets.upperBound,
                dataSize: bytes.count - header.dataStart)
        }
        if let content {
            let line = "\(jsonString(entry.name)) \(entry.dtype) \(entry.shape)\n"
            Array(line.utf8).withUnsafeBytes { content($0) }
            content(data)
        }
        return data
    }

    /// Parses an in-memory image held in an array.
    public static func parse(_ bytes: [UInt8], name: String, select: String? = nil) throws -> [(name: String, tensor: Tensor)] {
        try bytes.withUnsafeBytes { try parse($0, name: name, select: select) }
    }

    /// Reads the selected tensors of the file at `path` through a memory map.
    public static func read(path: String, select: String? = nil, content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [(name: String, tensor: Tensor)] {
        try MappedFile(path: path).withBytes { try parse($0, name: path, select: select, content: content) }
    }

    /// Lists the selected tensors of the file at `path` (`inspect`).
    public static func inspect(path: String, select: String? = nil, content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> TensorListing {
        try MappedFile(path: path).withBytes { try inspect($0, name: path, select: select, content: content) }
    }

    /// Reads only the validated header of the file at `path` (tensor names, dtypes, shapes, metadata).
    public static func readHeader(path: String) throws -> SafetensorsHeader {
        try MappedFile(path: path).withBytes { try SafetensorsHeader.parse($0, file: path) }
    }

    /// The safetensors image of `tensors` stored as F32; `name` names the output in errors.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], name: String = "<memory>") throws -> [UInt8] {
        let sorted = tensors.sorted { $0.name < $1.name }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.name == b.name {
            throw TensorError.duplicateTensor(file: name, tensor: a.name)
        }
        var fields: [String] = []
        if !metadata.isEmpty {
            let items = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
            fields.append("\"__metadata__\":{\(items.joined(separator: ","))}")
        }
        var offset = 0
        for (tensorName, tensor) in sorted {
            let end = offset + tensor.count * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonString(tensorName)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var out = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header
        out.reserveCapacity(out.count + offset)
        for (_, tensor) in sorted {
            for v in tensor.values {
                withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// Writes `tensors` as F32 to `path`, atomically.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to path: String) throws {
        try AtomicFileWriter.write(encode(tensors, metadata: metadata, name: path), to: path)
    }

    /// A JSON string literal: quotes, backslash and control characters escaped.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
