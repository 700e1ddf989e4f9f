import Formats
import Foundation
import Tensors

/// The files of `quantize --codes` and `dequantize` (layout in `ScaledCodes` and `PackedCodes`):
/// `OUT.npy` element codes (uint8 `|u1`, uint16 `<u2` over 8 bits, or with --packed a 1-D uint8 bit
/// stream); for scaled formats `OUT.scales.npy` (one scale per group, 1-D; see `ScaleFile`: the
/// float32 scale for FP32, else one `|u1` code, for integer elements under E8M0 the OCP byte),
/// `OUT.tensor_scale.npy` (float32, shape (1,): the second level, 1 without one) and, asymmetric,
/// `OUT.zero_points.npy` (`<u2`, one per group). The set is written together or not at all
/// (`AtomicFileSet`). Reading checks every file against the format and shape before decoding: its
/// dtype, its shape (the group count of the layout), and its values (codes below 2^bits, scales not
/// negative, zero points on the grid, a finite tensor scale >= 0); any mismatch is a
/// `CodesFileError` naming the file.
public enum CodesFiles {
    public static func stem(_ path: String) -> String { path.hasSuffix(".npy") ? String(path.dropLast(4)) : path }

    /// The paths `write` creates for `path` in `format`, codes first.
    public static func paths(format: any TensorFormat, path: String) -> [String] {
        guard let scaled = format as? ScaledFormat else { return [path] }
        let stem = stem(path)
        return [path, stem + ".scales.npy", stem + ".tensor_scale.npy"] + (scaled.asymmetric ? [stem + ".zero_points.npy"] : [])
    }

    public static func write(format: any TensorFormat, tensor: Tensor, to path: String, mode: RoundingMode, seed: UInt64, packed: Bool) throws {
        let bits = format.element.info.bits
        let set = AtomicFileSet()
        let paths = paths(format: format, path: path)
        let elementCodes: [UInt32]
        if let scaled = format as? ScaledFormat {
            let c = try scaled.encode(tensor.values, shape: tensor.shape, mode: mode, seed: seed)
            elementCodes = c.elements
            let scaleFile = ScaleFile(scaled)
            let scales = try scaleFile.fileValues(c.scales, path: paths[1])
            let shape = [scales.count]
            try set.stage(scaleFile.dtype == .float32
                ? NPYFile.encode(Tensor(shape: shape, values: scales.map { Float(bitPattern: $0) }))
                : NPYFile.encode(codes: scales.map { UInt8(truncatingIfNeeded: $0) }, shape: shape, name: paths[1]), to: paths[1])
            try set.stage(NPYFile.encode(Tensor(shape: [1], values: [c.tensorScale])), to: paths[2])
            if let zeros = c.zeroPoints {
                try set.stage(NPYFile.encode(codes: zeros.map { UInt16(truncatingIfNeeded: $0) }, shape: [zeros.count], name: paths[3]), to: paths[3])
            }
        } else {
            elementCodes = format.element.encode(tensor.values, mode: mode, seed: seed)
        }
        let image: [UInt8]
        if packed && bits < 8 {
            let bytes = PackedCodes.pack(elementCodes, bits: bits)
            image = try NPYFile.encode(codes: bytes, shape: [bytes.count], name: path)
        } else if bits <= 8 {
            image = try NPYFile.encode(codes: elementCodes.map { UInt8(truncatingIfNeeded: $0) }, shape: tensor.shape, name: path)
        } else {
            image = try NPYFile.encode(codes: elementCodes.map { UInt16(truncatingIfNeeded: $0) }, shape: tensor.shape, name: path)
        }
        try set.stage(image, to: path)
        try set.publish()
    }

    /// Reads codes written by `write` and decodes them to values. `shape` is required for packed
    /// codes (then the file must be exactly the bit stream of that many codes) and, for codes of 8
    /// bits or more, reshapes them (the count must agree).
    public static func read(format: any TensorFormat, from path: String, shape requested: [Int]?) throws -> Tensor {
        let bits = format.element.info.bits
        let (shape, codes) = try elementCodes(path, bits: bits, shape: requested, format: format.name)
        guard let scaled = format as? ScaledFormat else {
            return Tensor(shape: shape, values: codes.map(format.element.decode))
        }
        let layout = try GroupLayout(scaled.granularity, shape: shape, count: codes.count, spec: scaled.name)
        let paths = paths(format: scaled, path: path)
        let groups = "\(scaled.name) on shape \(TensorError.shapeText(shape)) has \(layout.groupCount) groups"
        let scaleFile = ScaleFile(scaled)
        let scaleValues = try sideFile(paths[1], type: scaleFile.dtype, count: layout.groupCount, what: groups).values
        let scaleCodes = try scaleFile.storedCodes(scaleValues, format: scaled, path: paths[1])
        let tensorScale = try self.tensorScale(paths[2], format: scaled)
        var zeroPoints: [UInt32]?
        if scaled.asymmetric {
            let zeros = try sideFile(paths[3], type: .uint16, count: layout.groupCount, what: groups).values
            let top = Float((1 << bits) - 1)
            if let g = zeros.firstIndex(where: { $0 > top }) {
                throw CodesFileError(file: paths[3], "zero point \(Int(zeros[g])) of group \(g) is outside the element grid [0, \(Int(top))]")
            }
            zeroPoints = zeros.map { UInt32($0) }
        }
        let decoder = try scaleFile.decoder(for: scaled)
        let values = try decoder.decode(ScaledCodes(elements: codes, scales: scaleCodes, tensorScale: tensorScale, zeroPoints: zeroPoints),
                                        shape: shape)
        return Tensor(shape: shape, values: values)
    }

    /// The element codes and their shape, checked: dtype, packing, and every code below 2^bits.
    static func elementCodes(_ path: String, bits: Int, shape requested: [Int]?, format: String) throws -> (shape: [Int], codes: [UInt32]) {
        let type: ElementType = bits > 8 ? .uint16 : .uint8
        let file = try readChecked(path, type: type, what: "codes of the \(bits)-bit format \(format)")
        var shape = file.shape
        var codes = file.values.map { UInt32($0) }  // exact: |u1 and <u2 values are integers below 2^16
        if let requested {
            guard let count = Shape.elementCount(requested) else {
                throw CodesFileError(file: path, "--shape \(requested.map(String.init).joined(separator: "x")) holds more than 2^32 elements")
            }
            if bits < 8 {
                let bytes = (count * bits + 7) / 8
                guard file.shape.count == 1, codes.count == bytes, let unpacked = PackedCodes.unpack(codes.map { UInt8($0) }, bits: bits, count: count) else {
                    throw CodesFileError(file: path, "packed codes for --shape \(requested.map(String.init).joined(separator: "x")) at \(bits) bits "
                        + "are a 1-D stream of \(bytes) bytes, but the file holds shape \(TensorError.shapeText(file.shape))")
                }
                codes = unpacked
            } else {
                guard codes.count == count else {
                    throw CodesFileError(file: path, "--shape \(requested.map(String.init).joined(separator: "x")) needs \(count) codes, but the file holds \(codes.count)")
                }
            }
            shape = requested
        }
        if bits < 32, let i = codes.firstIndex(where: { $0 >> bits != 0 }) {
            throw CodesFileError(file: path, "code \(codes[i]) at index \(i) does not fit the \(bits)-bit format \(format) (codes 0...\((1 << bits) - 1))")
        }
        return (shape, codes)
    }

    /// The tensor scale: float32 of shape (1,), finite and >= 0; exactly 1 for a single-level format.
    static func tensorScale(_ path: String, format: ScaledFormat) throws -> Float {
        let t = try sideFile(path, type: .float32, count: 1, what: "the tensor scale is one value").values[0]
        guard t.isFinite, t.sign == .plus else {
            throw CodesFileError(file: path, "tensor scale \(t) is not a finite number >= 0")
        }
        guard format.tensorScale || t == 1 else {
            throw CodesFileError(file: path, "tensor scale \(t), but \(format.name) has no second level (quantize --codes writes 1)")
        }
        return t
    }

    /// A side file of `type` with shape `(count,)`.
    static func sideFile(_ path: String, type: ElementType, count: Int, what: String) throws -> Tensor {
        let file = try readChecked(path, type: type, what: what)
        guard file.shape == [count] else {
            throw CodesFileError(file: path, "shape \(TensorError.shapeText(file.shape)), expected (\(count),): \(what)")
        }
        return file
    }

    /// Reads `path` if its dtype is `type`; another dtype is a `CodesFileError` saying what is expected.
    static func readChecked(_ path: String, type: ElementType, what: String) throws -> Tensor {
        do {
            return try NPYFile.read(path: path, accepting: [type])
        } catch let TensorError.unsupportedDType(file, _, dtype, _) {
            throw CodesFileError(file: file, "dtype '\(dtype)', but quantize --codes writes \(NPYFile.descr(type)) here (\(what))")
        }
    }
}
