import Foundation
import Formats

/// A fingerprint of what a format's code does: SHA-256 of the output bits of fake-quantizing a
/// fixed probe tensor with the format and rounding mode. It is part of every cell key, so a cached
/// result is reused only while the format still behaves the same (a changed implementation gives a
/// new key even when QuantLab's version string is unchanged).
///
/// The probe is [4, 1024] float32, built from integers only (no library math), one row each of:
/// many binades (2^-40 ... 2^23) with both signs and zeros; a narrow range in steps of 1/64 (ties
/// for most element grids); integers and halves around zero (ties for integer grids); and large
/// values up to ~2^31 with float32 subnormals and -0. Stochastic rounding uses a fixed seed.
/// When the whole probe is refused (a format that cannot hold the large row, say), each row is
/// probed alone and a refused row contributes its error text instead of bits.
public enum FormatFingerprint {
    public static let shape = [4, 1024]
    static let seed: UInt64 = 0x5EED_F1A6

    /// The probe values, row after row.
    public static let probe: [Float] = {
        var v = [Float](repeating: 0, count: 4096)
        for i in 0 ..< 1024 {
            let sign: Float = (i / 7) % 2 == 0 ? 1 : -1
            v[i] = i % 61 == 0 ? 0 : sign * Float(sign: .plus, exponent: i % 64 - 40, significand: 1 + Float((i / 64) % 16) / 16)
            v[1024 + i] = (i % 2 == 0 ? 1 : -1) * Float(i / 2) / 64
            v[2048 + i] = Float(i - 512) / 2
            v[3072 + i] = (i % 3 == 0 ? -1 : 1) * Float(sign: .plus, exponent: i % 32, significand: 1 + Float(i / 32) / 32)
        }
        v[3072] = Float(bitPattern: 1)
        v[3073] = -Float(bitPattern: 0x0040_0000)
        v[3074] = -0.0
        return v
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var memo: [String: String] = [:]

    /// The fingerprint (hex SHA-256) of a parsed format under `rounding`; memoized per process by
    /// spec string and mode.
    public static func of(_ format: ParsedFormat, rounding: RoundingMode) -> String {
        let key = "\(format.spec)\n\(rounding.rawValue)"
        lock.lock()
        if let known = memo[key] { lock.unlock(); return known }
        lock.unlock()
        let value = fingerprint(format.format, rounding: rounding)
        lock.lock(); memo[key] = value; lock.unlock()
        return value
    }

    /// The fingerprint of a format value (hex SHA-256 of the probe's output bits).
    public static func fingerprint(_ format: any TensorFormat, rounding: RoundingMode) -> String {
        var bytes: [UInt8] = []
        func append(_ values: [Float]) {
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        }
        if let out = try? format.fakeQuantize(probe, shape: shape, mode: rounding, seed: seed) {
            append(out)
        } else {
            let n = shape[1]
            for r in 0 ..< shape[0] {
                do {
                    append(try format.fakeQuantize(Array(probe[r * n ..< (r + 1) * n]), shape: [1, n], mode: rounding, seed: seed))
                } catch {
                    bytes += Array("row \(r): \(error)\n".utf8)
                }
            }
        }
        return SHA256.hex(bytes: bytes)
    }
}
