/// Reader and writer of NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Layout: magic `\x93NUMPY`, major and minor version bytes, header length (little-endian
/// UInt16 for v1, UInt32 for v2 and v3), the header dictionary (see `NPYHeader`), then the raw
/// elements in C order. Readers accept the little-endian dtypes `<f2 <f4 <f8 |i1 <i2 <i4 |u1 <u2
/// |b1` (1-byte types with any of `| < > =`) and convert to Float (see `ElementType`). Writers
/// emit version 1.0 (2.0 when the header exceeds 65535 bytes) with the header padded by spaces
/// so that the data starts at a multiple of 64 bytes, as numpy does.
public enum NPYFile {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// NPY type codes (kind + size, without byte order) -> element type.
    static let dtypes: [String: ElementType] = [
        "f2": .float16, "f4": .float32, "f8": .float64, "i1": .int8, "i2": .int16, "i4": .int32,
        "u1": .uint8, "u2": .uint16, "b1": .bool,
    ]

    static var acceptedDescrs: [String] {
        dtypes.map { ($0.value.byteSize == 1 ? "|" : "<") + $0.key }.sorted()
    }

    /// Parses an in-memory NPY image; `name` names it in errors. Never reads outside `bytes`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws -> Tensor {
        let (shape, type, data) = try layout(bytes, name: name)
        return Tensor(shape: shape, values: type.decode(data, count: Shape.elementCount(shape) ?? 0))
    }

    /// The shape and dtype descr of an in-memory NPY image, validated as `parse` does, without
    /// decoding the elements.
    public static func inspect(_ bytes: UnsafeRawBufferPointer, name: String) throws -> (shape: [Int], descr: String) {
        let (shape, type, _) = try layout(bytes, name: name)
        return (shape, (type.byteSize == 1 ? "|" : "<") + (dtypes.first { $0.value == type }?.key ?? "?"))
    }

    /// Validates the preamble, header and data length; returns the shape, element type and data bytes.
    static func layout(_ bytes: UnsafeRawBufferPointer, name: String) throws -> (shape: [Int], type: ElementType, data: UnsafeRawBufferPointer) {
        let image = ByteImage(bytes: bytes)
        let prefix = min(bytes.count, magic.count)
        guard bytes[0..<prefix].elementsEqual(magic[0..<prefix]) else { throw TensorError.badMagic(file: name, format: "NPY") }
        guard let major = image.uint8(at: 6), let minor = image.uint8(at: 7) else {
            throw TensorError.truncated(file: name, what: "NPY preamble", needed: 8, available: bytes.count)
        }
        guard (1...3).contains(major), minor == 0 else {
            throw TensorError.unsupportedVersion(file: name, major: Int(major), minor: Int(minor))
        }
        let lengthSize = major == 1 ? 2 : 4
        let length = major == 1 ? image.littleEndian(UInt16.self, at: 8).map(Int.init) : image.littleEndian(UInt32.self, at: 8).map(Int.init)
        guard let length else {
            throw TensorError.truncated(file: name, what: "NPY header length", needed: 8 + lengthSize, available: bytes.count)
        }
        let headerStart = 8 + lengthSize
        guard let headerBytes = image.slice(headerStart, length) else {
            throw TensorError.truncated(file: name, what: "NPY header", needed: headerStart + length, available: bytes.count)
        }
        let header = try NPYHeader.parse(headerBytes, file: name)
        let type = try elementType(header.descr, file: name)
        if header.fortranOrder && header.shape.count > 1 { throw TensorError.fortranOrder(file: name, shape: header.shape) }
        guard Shape.elementCount(header.shape) != nil, let needed = Shape.byteCount(header.shape, elementSize: type.byteSize) else {
            throw TensorError.shapeTooLarge(file: name, tensor: nil, shape: header.shape)
        }
        let dataStart = headerStart + length
        let available = bytes.count - dataStart
        guard available >= needed else {
            throw TensorError.truncated(file: name, what: "NPY data", needed: dataStart + needed, available: bytes.count)
        }
        guard available == needed, let data = image.slice(dataStart, needed) else {
            throw TensorError.sizeMismatch(file: name, tensor: nil, shape: header.shape, expectedBytes: needed, actualBytes: available)
        }
        return (header.shape, type, data)
    }

    /// Parses an in-memory NPY image held in an array.
    public static func parse(_ bytes: [UInt8], name: String) throws -> Tensor {
        try bytes.withUnsafeBytes { try parse($0, name: name) }
    }

    /// Reads the `.npy` file at `path` through a memory map.
    public static func read(path: String) throws -> Tensor {
        try MappedFile(path: path).withBytes { try parse($0, name: path) }
    }

    /// The NPY image of `tensor` as float32 (`<f4`), same shape.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        image(descr: "<f4", shape: tensor.shape, elements: tensor.values) { $0.bitPattern }
    }

    /// Writes `tensor` as float32 (`<f4`) to `path`, atomically.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try AtomicFileWriter.write(encode(tensor), to: path)
    }

    /// Writes encoded format codes as unsigned bytes (`|u1`), atomically.
    public static func write(codes: [UInt8], shape: [Int], to path: String) throws {
        try checkCount(codes.count, shape: shape, elementSize: 1, path: path)
        try AtomicFileWriter.write(image(descr: "|u1", shape: shape, elements: codes) { $0 }, to: path)
    }

    /// Writes encoded format codes as little-endian uint16 (`<u2`), atomically.
    public static func write(codes: [UInt16], shape: [Int], to path: String) throws {
        try checkCount(codes.count, shape: shape, elementSize: 2, path: path)
        try AtomicFileWriter.write(image(descr: "<u2", shape: shape, elements: codes) { $0 }, to: path)
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
        guard let order = descr.first, "<>|=".contains(order), let type = dtypes[String(descr.dropFirst())] else {
            throw TensorError.unsupportedDType(file: file, tensor: nil, dtype: descr, accepted: acceptedDescrs)
        }
        if order == ">" && type.byteSize > 1 { throw TensorError.bigEndian(file: file, dtype: descr) }
        return type
    }
}
