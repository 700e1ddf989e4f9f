/// Where a reader's bytes come from: an open file (`ReadOnlyFile`, read with pread) or an image
/// in memory (`MemoryImage`, as the fuzzer feeds). The NPY and safetensors readers take any source,
/// so files and images go through one parser. Readers validate every offset against `size` before
/// reading; a source whose bytes run out anyway (a file that shrank) throws.
protocol ByteSource {
    /// Names the source in errors (the path).
    var name: String { get }
    /// Bytes the source had when it was opened.
    var size: Int { get }
    /// Fills `buffer` with the bytes at `offset`, or throws.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws
    /// Throws if the source changed since it was opened (a no-op for memory).
    func checkUnchanged() throws
}

extension ByteSource {
    /// The `count` bytes at `offset` as an array.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            try read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = count
        }
    }

    /// Reads `[offset, offset + count)` in pieces of at most `chunkBytes`, handing each to `body`
    /// (the buffer is valid only inside `body`), so a large range needs one chunk of memory.
    func forEachChunk(at offset: Int, count: Int, chunkBytes: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let chunk = Swift.max(1, Swift.min(chunkBytes, count))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let part = UnsafeMutableRawBufferPointer(rebasing: buffer[0 ..< Swift.min(chunk, count - done)])
            try read(into: part, at: offset + done)
            try body(UnsafeRawBufferPointer(part))
            done += part.count
        }
    }

    /// `count` elements of `type` stored at `offset`, converted to Float. float32 is read straight
    /// into the result (one copy of the tensor in memory); other types are converted chunk by chunk.
    /// `content`, if given, receives the stored bytes as read (for a content digest).
    func floats(_ type: ElementType, at offset: Int, count: Int, content: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> [Float] {
        try [Float](unsafeUninitializedCapacity: count) { out, initialized in
            if type == .float32 && 1.littleEndian == 1 {
                try read(into: UnsafeMutableRawBufferPointer(out), at: offset)
                content?(UnsafeRawBufferPointer(out))  // little-endian: the Float bytes are the stored bytes
            } else {
                var done = 0
                let perChunk = (1 << 20) / type.byteSize
                try forEachChunk(at: offset, count: count * type.byteSize, chunkBytes: perChunk * type.byteSize) { chunk in
                    content?(chunk)
                    let n = chunk.count / type.byteSize
                    type.decode(chunk, into: UnsafeMutableBufferPointer(rebasing: out[done ..< done + n]))
                    done += n
                }
            }
            initialized = count
        }
    }
}

/// An image in memory as a `ByteSource`; reads outside it throw `truncated`.
struct MemoryImage: ByteSource {
    let bytes: UnsafeRawBufferPointer
    let name: String

    var size: Int { bytes.count }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        guard let slice = ByteImage(bytes: bytes).slice(offset, buffer.count) else {
            throw TensorError.truncated(file: name, what: "data", needed: offset + buffer.count, available: bytes.count)
        }
        buffer.copyMemory(from: slice)
    }

    func checkUnchanged() {}
}
