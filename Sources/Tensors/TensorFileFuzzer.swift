/// A seeded random-mutation fuzzer for the in-memory NPY and safetensors parsers.
///
/// It builds a corpus of valid images (every NPY dtype, versions 1.0/2.0/3.0, safetensors with
/// metadata and mixed dtypes), then for each iteration applies 1-4 random mutations (bit flips,
/// interesting bytes, truncation, splicing with another image, numeric edits inside the header,
/// length-field overwrites, insertions, deletions, chunk copies) and hands the result to
/// `NPYFile.parse` and `SafetensorsFile.parse` (whole file and a glob selection). Every call must
/// return or throw; a trap would end the process, so a run that returns found no crash.
/// The same seed replays the same inputs.
public enum TensorFileFuzzer {
    public struct Report: Sendable, Equatable {
        /// Mutated images generated (each fed to every parser entry point).
        public var inputs: Int
        /// Parser calls that returned tensors.
        public var accepted: Int
        /// Parser calls that threw a `TensorError`.
        public var rejected: Int
    }

    /// Runs `iterations` mutated inputs derived from `seed`.
    public static func run(iterations: Int, seed: UInt64) -> Report {
        let seeds = corpus()
        var rng = RandomStream(seed: seed)
        var report = Report(inputs: 0, accepted: 0, rejected: 0)
        for _ in 0..<max(iterations, 0) {
            var bytes = seeds[rng.nextBelow(seeds.count)]
            for _ in 0...rng.nextBelow(4) {
                bytes = mutate(bytes, donor: seeds[rng.nextBelow(seeds.count)], rng: &rng)
            }
            report.inputs += 1
            bytes.withUnsafeBytes { raw in
                record(&report) { _ = try NPYFile.parse(raw, name: "fuzz.npy") }
                record(&report) { _ = try SafetensorsFile.parse(raw, name: "fuzz.safetensors") }
                record(&report) { _ = try SafetensorsFile.parse(raw, name: "fuzz.safetensors", select: "layer.?.w*") }
            }
        }
        return report
    }

    private static func record(_ report: inout Report, _ body: () throws -> Void) {
        do {
            try body()
            report.accepted += 1
        } catch {
            report.rejected += 1
        }
    }

    /// Valid seed images.
    static func corpus() -> [[UInt8]] {
        let floats: [Float] = [0, -1.5, 3.25, .infinity, .nan, Float(bitPattern: 1), 65504, -0.0]
        var images: [[UInt8]] = [
            NPYFile.image(descr: "<f4", shape: [2, 4], elements: floats) { $0.bitPattern },
            NPYFile.image(descr: "<f8", shape: [8], elements: floats) { Double($0).bitPattern },
            NPYFile.image(descr: "<f2", shape: [4, 2], elements: [0x3C00, 0x7C00, 0x0001, 0xFBFF, 0x7E00, 0, 0x8000, 0x3555] as [UInt16]) { $0 },
            NPYFile.image(descr: "|i1", shape: [3], elements: [-128, 0, 127] as [Int8]) { $0 },
            NPYFile.image(descr: "<i2", shape: [1, 3], elements: [-32768, 1, 32767] as [Int16]) { $0 },
            NPYFile.image(descr: "<i4", shape: [2], elements: [Int32.min, Int32.max]) { $0 },
            NPYFile.image(descr: "|u1", shape: [], elements: [200] as [UInt8]) { $0 },
            NPYFile.image(descr: "<u2", shape: [2, 0], elements: [] as [UInt16]) { $0 },
            NPYFile.image(descr: "|b1", shape: [4], elements: [0, 1, 2, 0] as [UInt8]) { $0 },
        ]
        images.append(npyVersion(3, of: images[0]))
        images.append(npyVersion(2, of: images[2]))
        let tensors: [(name: String, tensor: Tensor)] = [
            ("layer.0.weight", Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])),
            ("layer.1.weight", Tensor(shape: [3], values: [-1, .nan, .infinity])),
            ("bias", Tensor(shape: [], values: [0.5])),
        ]
        images.append((try? SafetensorsFile.encode(tensors, metadata: ["format": "pt"])) ?? [])
        images.append(safetensorsImage(
            header: #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"layer.2.w":{"dtype":"BF16","shape":[1,2],"data_offsets":[4,8]},"#
                + #""c":{"dtype":"I8","shape":[4],"data_offsets":[8,12]},"d":{"dtype":"F64","shape":[1],"data_offsets":[16,24]},"#
                + #""e":{"dtype":"I16","shape":[0],"data_offsets":[24,24]}}"#,
            data: [0x00, 0x3C, 0x00, 0x7C, 0x80, 0x3F, 0xC0, 0xFF, 0x81, 0x00, 0x7F, 0x05, 0, 0, 0, 0] + withUnsafeBytes(of: (1.0 / 3.0).bitPattern, Array.init)))
        return images
    }

    /// Rewrites a version-1 NPY image as version 2 or 3 (4-byte header length).
    static func npyVersion(_ major: UInt8, of v1: [UInt8]) -> [UInt8] {
        guard v1.count >= 10 else { return v1 }
        let length = UInt32(v1[8]) | UInt32(v1[9]) << 8
        return NPYFile.magic + [major, 0] + withUnsafeBytes(of: length.littleEndian, Array.init) + v1[10...]
    }

    static func safetensorsImage(header: String, data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
    }

    private static let interestingBytes: [UInt8] = Array("(),'\"{}[]:0123456789-.eLTF \n".utf8) + [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x93]
    private static let numberEdits = ["0", "1", "-1", "255", "65535", "4294967296", "9223372036854775807", "18446744073709551615", "2.5", "1e30", "true", "null"]

    /// One random mutation of `bytes`.
    static func mutate(_ bytes: [UInt8], donor: [UInt8], rng: inout RandomStream) -> [UInt8] {
        var out = bytes
        let n = out.count
        switch rng.nextBelow(9) {
        case 0 where n > 0:
            out[rng.nextBelow(n)] ^= 1 << UInt8(rng.nextBelow(8))
        case 1 where n > 0:
            out[rng.nextBelow(n)] = interestingBytes[rng.nextBelow(interestingBytes.count)]
        case 2:
            out.removeLast(rng.nextBelow(n + 1))
        case 3:
            out = Array(out.prefix(rng.nextBelow(n + 1))) + donor.suffix(rng.nextBelow(donor.count + 1))
        case 4:
            let digits = out.indices.filter { out[$0] >= 0x30 && out[$0] <= 0x39 }
            guard let start = digits.isEmpty ? nil : digits[rng.nextBelow(digits.count)] else { break }
            var end = start
            while end < n && out[end] >= 0x30 && out[end] <= 0x39 { end += 1 }
            out.replaceSubrange(start..<end, with: Array(numberEdits[rng.nextBelow(numberEdits.count)].utf8))
        case 5:
            let value = [0, 1, 7, 8, 64, 0xFFFF, 0xFFFF_FFFF, Int(rng.next() >> 1)][rng.nextBelow(8)]
            let field = withUnsafeBytes(of: UInt64(value).littleEndian, Array.init)
            let at = [0, 8][rng.nextBelow(2)], width = [2, 4, 8][rng.nextBelow(3)]
            for i in 0..<width where at + i < n { out[at + i] = field[i] }
        case 6:
            let count = 1 + rng.nextBelow(16)
            out.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: rng.nextBelow(n + 1))
        case 7 where n > 0:
            let start = rng.nextBelow(n)
            out.removeSubrange(start..<min(n, start + 1 + rng.nextBelow(32)))
        case 8 where n > 0:
            let from = rng.nextBelow(n), to = rng.nextBelow(n)
            let length = min(1 + rng.nextBelow(32), n - from, n - to)
            out.replaceSubrange(to..<(to + length), with: bytes[from..<(from + length)])
        default:
            break
        }
        return out
    }
}
