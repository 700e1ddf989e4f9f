/// Reader and writer of NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Layout: magic `\x93NUMPY`, major and minor version bytes, header length (little-endian
/// UInt16 for v1, UInt32 for v2 and v3), the header dictionary (see `NPYHeader`), then the raw
/// elements in C order. Readers accept the little-endian dtypes `<f2 <f4 <f8 |i1 <i2 <i4 |u1 <u2
/// |b1` (1-byte types with any of `| < > =`) and ml_dtypes' bfloat16 (`<V2`), and convert to Float
/// (see `ElementType`). Files are read with pread, never mapped (`ReadOnlyFile`). Writers
/// emit version 1.0 (2.0 when the header exceeds 65535 bytes) with the header padded by spaces
/// so that the data starts at a multiple of 64 bytes, as numpy does.
public enum NPYFile {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// NPY type codes (kind + size, without byte order) -> element type.
    static let dtypes: [String: ElementType] = [
        "f2": .float16, "f4": .float32, "f8": .float64, "i1": .int8, "i2": .int16, "i4": .int32,
        "u1": .uint8, "u2": .uint16, "b1": .bool,
    ]

    /// numpy has no bfloat16; ml_dtypes' bfloat16 arrays are saved with this descr (a 2-byte
    /// little-endian opaque type: `np.save` of an `ml_dtypes.bfloat16` array, ml_dtypes 0.6, numpy 2).
    /// ml_dtypes has no other 2-byte type, so the descr names bfloat16 unambiguously.
    static let bfloat16Descr = "<V2"

    static var acceptedDescrs: [String] {
        dtypes.map { ($0.value.byteSize == 1 ? "|" : "<") + $0.key }.sorted() + ["\(bfloat16Descr) (bfloat16, as ml_dtypes writes it)"]
    }

    /// Longest accepted header dictionary (numpy's own headers for these dtypes are under 1 KB).
    static let maxHeaderLength = 1 << 20

    /// Parses an in-memory NPY image; `name` names it in errors. Never reads outside `bytes`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws -> Tensor {
        try read(MemoryImage(bytes: bytes, name: name))
    }

    /// Parses an in-memory NPY image held in an array.
    public static func parse(_ bytes: [UInt8], name: String) throws -> Tensor {
        try bytes.withUnsafeBytes { try parse($0, name: name) }
    }

    /// Reads the `.npy` file at `path` (pread into owned buffers; see `ReadOnlyFile`).
    public static func read(path: String) throws -> Tensor {
        try read(ReadOnlyFile(path: path))
    }

    /// Reads the `.npy` file at `path` if its dtype is one of `types` (checked from the header,
    /// before any data is read); otherwise throws `unsupportedDType` listing the accepted descrs.
    public static func read(path: String, accepting types: [ElementType]) throws -> Tensor {
        let file = try ReadOnlyFile(path: path)
        let layout = try layout(file)
        guard types.contains(layout.type) else {
            throw TensorError.unsupportedDType(file: path, tensor: nil, dtype: layout.descr, accepted: types.map(descr))
        }
        return try read(file, layout: layout)
    }

    /// The descr this writer uses for `type` (1-byte types `|`, others little-endian `<`).
    public static func descr(_ type: ElementType) -> String {
        if type == .bfloat16 { return bfloat16Descr }
        let code = dtypes.first { $0.value == type }?.key ?? type.rawValue
        return (type.byteSize == 1 ? "|" : "<") + code
    }

    /// Where the elements of an NPY source are and how they are stored.
    struct Layout {
        var descr: String
        var shape: [Int]
        var type: ElementType
        var count: Int
        var dataStart: Int
    }

    /// Reads and validates the preamble and header of `source` (nothing of the data).
    static func layout(_ source: some ByteSource) throws -> Layout {
        let name = source.name
        let prefix = try source.bytes(at: 0, count: min(source.size, 12))
        let count = prefix.count
        let magicBytes = min(count, magic.count)
        guard prefix[0..<magicBytes].elementsEqual(magic[0..<magicBytes]) else { throw TensorError.badMagic(file: name, format: "NPY") }
        guard count >= 8 else { throw TensorError.truncated(file: name, what: "NPY preamble", needed: 8, available: source.size) }
        let (major, minor) = (prefix[6], prefix[7])
        guard (1...3).contains(major), minor == 0 else {
            throw TensorError.unsupportedVersion(file: name, major: Int(major), minor: Int(minor))
        }
        let lengthSize = major == 1 ? 2 : 4
        guard count >= 8 + lengthSize else {
            throw TensorError.truncated(file: name, what: "NPY header length", needed: 8 + lengthSize, available: source.size)
        }
        let length = prefix[8..<(8 + lengthSize)].reversed().reduce(0) { $0 << 8 | Int($1) }
        let headerStart = 8 + lengthSize
        guard length <= source.size - headerStart else {
            throw TensorError.truncated(file: name, what: "NPY header", needed: headerStart + length, available: source.size)
        }
        guard length <= maxHeaderLength else {
            throw TensorError.badHeader(file: name, reason: "header length \(length) exceeds the \(maxHeaderLength)-byte limit")
        }
        let header = try source.bytes(at: headerStart, count: length).withUnsafeBytes { try NPYHeader.parse($0, file: name) }
        let type = try elementType(header.descr, file: name)
        if header.fortranOrder && header.shape.count > 1 { throw TensorError.fortranOrder(file: name, shape: header.shape) }
        guard let elements = Shape.elementCount(header.shape), let needed = Shape.byteCount(header.shape, elementSize: type.byteSize) else {
            throw TensorError.shapeTooLarge(file: name, tensor: nil, shape: header.shape)
        }
        let dataStart = headerStart + length
        let available = source.size - dataStart
        guard available >= needed else {
            throw TensorError.truncated(file: name, what: "NPY data", needed: dataStart + needed, available: source.size)
        }
        guard available == needed else {
            throw TensorError.sizeMismatch(file: name, tensor: nil, shape: header.shape, expectedBytes: needed, actualBytes: available)
        }
        return Layout(descr: header.descr, shape: header.shape, type: type, count: elements, dataStart: dataStart)
    }

    /// Reads the tensor of any source, then checks that the source did not change meanwhile.
    static func read(_ source: some ByteSource) throws -> Tensor {
        try read(source, layout: layout(source))
    }

    private static func read(_ source: some ByteSource, layout: Layout) throws -> Tensor {
        let values = try source.floats(layout.type, at: layout.dataStart, count: layout.count)
        try source.checkUnchanged()
        return Tensor(shape: layout.shape, values: values)
    }

    /// The NPY image of `tensor` as float32 (`<f4`), same shape.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        image(descr: "<f4", shape: tensor.shape, elements: tensor.values) { $0.bitPattern }
    }

    /// Writes `tensor` as float32 (`<f4`) to `path`, atomically; the values go to the file from the
    /// tensor's own memory.
    public static func write(_ tensor: Tensor, to path: String) throws {
        let header = image(descr: "<f4", shape: tensor.shape, elements: [] as [Float]) { $0.bitPattern }
        try AtomicFileWriter.write([.bytes(header), .floats(tensor.values)], to: path)
    }

    /// Writes encoded format codes as unsigned bytes (`|u1`), atomically.
    public static func write(codes: [UInt8], shape: [Int], to path: String) throws {
        try AtomicFileWriter.write(encode(codes: codes, shape: shape, name: path), to: path)
    }

    /// Writes encoded format codes as little-endian uint16 (`<u2`), atomically.
    public static func write(codes: [UInt16], shape: [Int], to path: String) throws {
        try AtomicFileWriter.write(encode(codes: codes, shape: shape, name: path), to: path)
    }

    /// The NPY image of codes as unsigned bytes (`|u1`); `name` names the output in errors.
    public static func encode(codes: [UInt8], shape: [Int], name: String) throws -> [UInt8] {
        try checkCount(codes.count, shape: shape, elementSize: 1, path: name)
        return image(descr: "|u1", shape: shape, elements: codes) { $0 }
    }

    /// The NPY image of codes as little-endian uint16 (`<u2`); `name` names the output in errors.
    public static func encode(codes: [UInt16], shape: [Int], name: String) throws -> [UInt8] {
        try checkCount(codes.count, shape: shape, elementSize: 2, path: name)
        return image(descr: "<u2", shape: shape, elements: codes) { $0 }
    }

    private static func checkCount(_ count: Int, shape: [Int], elementSize: Int, path: String) throws {
        guard let needed = Shape.byteCount(shape, elementSize: elementSize) else {
            throw TensorError.shapeTooLarge(file: path, tensor: nil, shape: shape)
        }
        guard needed == count * elementSize else {
            throw TensorError.sizeMismatch(file: path, tensor: nil, shape: shape, expectedBytes: needed, actualBytes: count * elementSize)
        }
    }

    /// Preamble + padded header + elements stored little-endian via `bits`.
    static func image<E, B: FixedWidthInteger>(descr: String, shape: [Int], elements: [E], bits: (E) -> B) -> [UInt8] {
        var header = Array(NPYHeader(descr: descr, fortranOrder: false, shape: shape).text.utf8)
        // Header length includes the trailing newline; preamble + header is a multiple of 64.
        func paddedLength(_ preamble: Int) -> Int { (preamble + header.count + 1 + 63) / 64 * 64 - preamble }
        let major: UInt8 = paddedLength(10) <= 0xFFFF ? 1 : 2
        let padded = paddedLength(major == 1 ? 10 : 12)
        header += [UInt8](repeating: 0x20, count: padded - header.count - 1) + [0x0A]
        var out = magic + [major, 0]
        let length = UInt32(header.count)
        out += major == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)] : withUnsafeBytes(of: length.littleEndian, Array.init)
        out += header
        out.reserveCapacity(out.count + elements.count * MemoryLayout<B>.size)
        for e in elements {
            withUnsafeBytes(of: bits(e).littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Maps a descr such as `<f4` to an element type, or throws the matching error.
    private static func elementType(_ descr: String, file: String) throws -> ElementType {
        if descr == bfloat16Descr { return .bfloat16 }
        guard let order = descr.first, "<>|=".contains(order), let type = dtypes[String(descr.dropFirst())] else {
            throw TensorError.unsupportedDType(file: file, tensor: nil, dtype: descr, accepted: acceptedDescrs)
        }
        if order == ">" && type.byteSize > 1 { throw TensorError.bigEndian(file: file, dtype: descr) }
        return type
    }
}
