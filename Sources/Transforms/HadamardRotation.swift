import Tensors

/// An orthonormal Walsh-Hadamard rotation along the last axis, full-row or block-wise, optionally
/// randomized by seeded sign flips.
///
/// Math (QuaRot, Ashkboos et al. 2024; SpinQuant, Liu et al. 2024; "INT v.s. FP", arXiv 2510.25602):
/// H_n is the Sylvester matrix (H_1 = [1], H_2n = [[H_n, H_n], [H_n, -H_n]]) divided by sqrt(n), so
/// its entries are +-1/sqrt(n) and H_n H_n^T = I. A row x (of length n, or each block of k along it)
/// maps to `x D H` with D = diag(d), d_i = +-1 from `signs(seed:length:)` (D = I without a seed);
/// the inverse is `y H^T D` (H is symmetric and D = D^-1). The rotated length is n (the row length,
/// which must then be a power of two) or the block size k (a power of two dividing the row length).
///
/// Numerics: the butterflies run unnormalized in Float and the factor d_i / sqrt(n) is applied once
/// per element (before the butterflies in `apply`, after them in `invert`). For n a power of four
/// 1/sqrt(n) is a power of two and that multiply is exact; otherwise it adds at most half an ulp.
/// The result of every row and block is bit-identical whatever the thread count.
public struct HadamardRotation: Sendable, Equatable {
    /// Size of each rotated block along the last axis; nil rotates whole rows.
    public let blockSize: Int?
    /// Seed of the random sign flips; nil for no sign flips (D = I).
    public let signSeed: UInt64?

    /// Throws `HadamardError.blockSizeNotPowerOfTwo` unless `blockSize` is nil or a power of two.
    public init(blockSize: Int? = nil, signSeed: UInt64? = nil) throws {
        if let k = blockSize, !Self.isPowerOfTwo(k) {
            throw HadamardError.blockSizeNotPowerOfTwo(k)
        }
        self.blockSize = blockSize
        self.signSeed = signSeed
    }

    /// The length one H acts on for rows of `rowLength`: the block size, or the row length itself.
    public func rotatedLength(rowLength: Int) throws -> Int {
        if let k = blockSize {
            guard rowLength % k == 0 else {
                throw HadamardError.rowLengthNotMultipleOfBlockSize(rowLength: rowLength, blockSize: k)
            }
            return k
        }
        guard Self.isPowerOfTwo(rowLength) else { throw HadamardError.rowLengthNotPowerOfTwo(rowLength) }
        return rowLength
    }

    /// `t` with every row (or block) x replaced by x D H.
    public func apply(_ t: Tensor) throws -> Tensor {
        try mapped(t, inverse: false)
    }

    /// `t` with every row (or block) y replaced by y H^T D: the inverse of `apply`.
    public func invert(_ t: Tensor) throws -> Tensor {
        try mapped(t, inverse: true)
    }

    /// In place on `t`'s storage: every row (or block) x becomes x D H. No allocation when `t`
    /// holds the only reference to its values (otherwise copy-on-write copies them first).
    public func apply(inPlace t: inout Tensor) throws {
        let rowLength = t.rowLength
        try t.values.withUnsafeMutableBufferPointer { try apply($0, rowLength: rowLength) }
    }

    /// In place on `t`'s storage: every row (or block) y becomes y H^T D.
    public func invert(inPlace t: inout Tensor) throws {
        let rowLength = t.rowLength
        try t.values.withUnsafeMutableBufferPointer { try invert($0, rowLength: rowLength) }
    }

    /// Reads `t` once into a fresh array (no separate copy pass), in parallel.
    private func mapped(_ t: Tensor, inverse: Bool) throws -> Tensor {
        let values = try t.values.withUnsafeBufferPointer { source in
            try [Float](unsafeUninitializedCapacity: source.count) { output, initialized in
                try run(source.baseAddress, into: output, rowLength: t.rowLength, inverse: inverse)
                initialized = source.count
            }
        }
        return Tensor(shape: t.shape, values: values)
    }

    static func isPowerOfTwo(_ n: Int) -> Bool { n > 0 && n & (n - 1) == 0 }
}
