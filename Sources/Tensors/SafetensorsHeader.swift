import Foundation

/// The validated header of a `.safetensors` image.
///
/// Layout: an 8-byte little-endian UInt64 `N`, `N` bytes of UTF-8 JSON, then the data section.
/// The JSON is an object mapping each tensor name to
/// `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}` (offsets relative to the start
/// of the data section, end exclusive), plus an optional `"__metadata__"` object of string values.
/// `parse` checks everything before any tensor data is touched: `N` fits in the image and is at most
/// `maxHeaderLength`; the JSON is an object; each entry has a known dtype, a shape of non-negative
/// integers and two integer offsets with `begin <= end <= data size`; `end - begin` equals
/// `product(shape) * dtype size`; and no two tensors' byte ranges overlap.
public struct SafetensorsHeader: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// The safetensors dtype string, e.g. `F32`, `BF16`.
        public var dtype: String
        public var shape: [Int]
        /// Byte range within the data section.
        public var dataOffsets: Range<Int>
    }

    /// Entries sorted by name.
    public var entries: [Entry]
    /// The `__metadata__` map (empty if absent).
    public var metadata: [String: String]
    /// Offset of the data section in the image (8 + N).
    public var dataStart: Int

    /// Largest accepted JSON header (100 MB, the limit of the reference implementation).
    public static let maxHeaderLength = 100_000_000

    /// Bytes per element of every dtype the format defines (for validation, even if not convertible).
    static let dtypeSizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8,
    ]

    /// Dtypes converted to Float by the reader.
    static let convertible: [String: ElementType] = [
        "F32": .float32, "F16": .float16, "BF16": .bfloat16, "F64": .float64, "I8": .int8,
        "I16": .int16, "I32": .int32, "U8": .uint8, "U16": .uint16, "BOOL": .bool,
    ]

    /// Validates the header of an in-memory image; `file` names it in errors.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> SafetensorsHeader {
        try read(MemoryImage(bytes: bytes, name: file))
    }

    /// Reads and validates the header of `source`: its first `8 + N` bytes, nothing of the data.
    static func read(_ source: some ByteSource) throws -> SafetensorsHeader {
        let file = source.name
        guard source.size >= 8 else {
            throw TensorError.truncated(file: file, what: "safetensors header length", needed: 8, available: source.size)
        }
        let n = try source.bytes(at: 0, count: 8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let available = min(source.size - 8, maxHeaderLength)
        guard n <= UInt64(available) else {
            throw TensorError.headerTooLarge(file: file, headerLength: n, limit: available)
        }
        let json = try source.bytes(at: 8, count: Int(n))
        let dataStart = 8 + Int(n)
        let dataSize = source.size - dataStart
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json), options: [])
        } catch {
            throw TensorError.badJSON(file: file, reason: "not valid UTF-8 JSON")
        }
        guard let top = object as? [String: Any] else { throw TensorError.badJSON(file: file, reason: "top level is not an object") }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in top {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw TensorError.badJSON(file: file, reason: "__metadata__ is not an object") }
                for (key, item) in map {
                    guard let text = item as? String else { throw TensorError.badJSON(file: file, reason: "__metadata__ value of '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            entries.append(try entry(name, value, file: file, dataSize: dataSize))
        }
        entries.sort { $0.name < $1.name }
        try checkOverlap(entries, file: file)
        return SafetensorsHeader(entries: entries, metadata: metadata, dataStart: dataStart)
    }

    private static func entry(_ name: String, _ value: Any, file: String, dataSize: Int) throws -> Entry {
        func fail(_ reason: String) -> TensorError { .badEntry(file: file, tensor: name, reason: reason) }
        guard let fields = value as? [String: Any] else { throw fail("entry is not an object") }
        guard let dtype = fields["dtype"] as? String else { throw fail("missing or non-string 'dtype'") }
        guard let size = dtypeSizes[dtype] else { throw fail("unknown dtype '\(dtype)' (known: \(dtypeSizes.keys.sorted().joined(separator: ", ")))") }
        guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
            throw fail("missing 'shape' or it is not a list of non-negative integers")
        }
        guard let offsets = integers(fields["data_offsets"]), offsets.count == 2 else {
            throw fail("missing 'data_offsets' or it is not a list of two integers")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw TensorError.offsetsOutOfRange(file: file, tensor: name, begin: begin, end: end, dataSize: dataSize)
        }
        guard let bytes = Shape.byteCount(shape, elementSize: size) else {
            throw TensorError.shapeTooLarge(file: file, tensor: name, shape: shape)
        }
        guard bytes == end - begin else {
            throw TensorError.sizeMismatch(file: file, tensor: name, shape: shape, expectedBytes: bytes, actualBytes: end - begin)
        }
        return Entry(name: name, dtype: dtype, shape: shape, dataOffsets: begin..<end)
    }

    /// A JSON array of integers (JSON booleans and non-integral or out-of-range numbers rejected).
    private static func integers(_ value: Any?) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var out: [Int] = []
        out.reserveCapacity(list.count)
        for item in list {
            // NSNumber type codes: "c" is a JSON boolean, "d"/"f" a JSON number with a fraction or exponent.
            guard let number = item as? NSNumber, !["c", "d", "f"].contains(String(cString: number.objCType)),
                  let n = item as? Int else { return nil }
            out.append(n)
        }
        return out
    }

    /// Sorted by start, each non-empty range must begin at or after the end of the previous one.
    private static func checkOverlap(_ entries: [Entry], file: String) throws {
        let ranges = entries.filter { !$0.dataOffsets.isEmpty }.sorted {
            ($0.dataOffsets.lowerBound, $0.name) < ($1.dataOffsets.lowerBound, $1.name)
        }
        for (a, b) in zip(ranges, ranges.dropFirst()) where b.dataOffsets.lowerBound < a.dataOffsets.upperBound {
            throw TensorError.overlappingTensors(file: file, first: a.name, second: b.name)
        }
    }
}
