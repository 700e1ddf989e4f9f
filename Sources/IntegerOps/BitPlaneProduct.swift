/// The bipolar matrix product from +-1 bit planes (the bit-level decomposition the abstract of arXiv
/// 2409.17870 names; the formula is our derivation from the bipolar definition, `BipolarConversion`).
///
/// A (M x K) and B (K x N) hold n_a- and n_b-bit bipolar values; plane i of A is the +-1 matrix
/// A(i) = 2 bit_i(A) - 1, so A = sum_i 2^i A(i), and
///     A B = sum_i sum_j 2^(i+j) A(i) B(j).
/// Each plane product entry is a +-1 dot product of length K taken from packed bits: with a and b the
/// bit vectors of a row of A(i) and a column of B(j) (bit 1 = +1), matching bits give +1 and differing
/// bits -1, so the dot product is K - 2 popcount(a XOR b). Bits are packed 64 to a word, the tail of
/// the last word zero in both operands (so it never counts). Sums are Int64: exact for any n <= 16
/// and K below 2^29.
public struct BitPlaneProduct: Sendable {
    public let rows: Int, depth: Int, columns: Int
    public let bitsA: Int, bitsB: Int
    /// planesA[i][m * words + w]: row m of A(i); planesB[j][n * words + w]: column n of B(j).
    let planesA: [[UInt64]], planesB: [[UInt64]]
    let words: Int

    /// A row-major M x K, B row-major K x N, both bipolar values (odd, |v| <= 2^n - 1); throws otherwise.
    public init(a: [Int], rows: Int, depth: Int, bitsA: Int, b: [Int], columns: Int, bitsB: Int) throws {
        guard a.count == rows * depth, b.count == depth * columns else { throw BitPlaneError("A holds \(a.count) values for \(rows) x \(depth), B \(b.count) for \(depth) x \(columns)") }
        guard (1 ... 16).contains(bitsA), (1 ... 16).contains(bitsB) else { throw BitPlaneError("bit widths \(bitsA), \(bitsB) not in 1...16") }
        for (values, n, name) in [(a, bitsA, "A"), (b, bitsB, "B")] {
            if let bad = values.first(where: { $0 & 1 == 0 || abs($0) > (1 << n) - 1 }) { throw BitPlaneError("\(name) holds \(bad), not a \(n)-bit bipolar value (odd, |v| <= \(( 1 << n) - 1))") }
        }
        self.rows = rows; self.depth = depth; self.columns = columns; self.bitsA = bitsA; self.bitsB = bitsB
        let words = (depth + 63) / 64
        self.words = words
        func pack(_ lines: Int, _ bits: Int, _ value: (Int, Int) -> Int) -> [[UInt64]] {
            (0 ..< bits).map { i in
                var plane = [UInt64](repeating: 0, count: lines * words)
                for l in 0 ..< lines {
                    for k in 0 ..< depth where (BipolarConversion.code(ofBipolar: value(l, k), bits: bits) >> UInt64(i)) & 1 == 1 {
                        plane[l * words + k / 64] |= 1 << UInt64(k % 64)
                    }
                }
                return plane
            }
        }
        planesA = pack(rows, bitsA) { m, k in a[m * depth + k] }
        planesB = pack(columns, bitsB) { n, k in b[k * columns + n] }
    }

    /// Plane product entry (m, n) of A(i) B(j): `K - 2 popcount(a XOR b)`.
    func planeDot(_ i: Int, _ j: Int, _ m: Int, _ n: Int) -> Int64 {
        var differing = 0
        planesA[i].withUnsafeBufferPointer { pa in
            planesB[j].withUnsafeBufferPointer { pb in
                for w in 0 ..< words { differing += (pa[m * words + w] ^ pb[n * words + w]).nonzeroBitCount }
            }
        }
        return Int64(depth - 2 * differing)
    }

    /// A B (row-major M x N) as `sum_i sum_j 2^(i+j) (K - 2 popcount(A(i)_m XOR B(j)_n))`.
    public func product() -> [Int64] {
        var c = [Int64](repeating: 0, count: rows * columns)
        for m in 0 ..< rows {
            for n in 0 ..< columns {
                var sum: Int64 = 0
                for i in 0 ..< bitsA { for j in 0 ..< bitsB { sum += planeDot(i, j, m, n) << Int64(i + j) } }
                c[m * columns + n] = sum
            }
        }
        return c
    }

    /// The signed-integer product X Y from the bipolar one, with A = 2X + 1 and B = 2Y + 1:
    /// X Y = (A B - r_m - c_n + K) / 4, r_m the sum of row m of A, c_n of column n of B (exact).
    public static func signedProduct(bipolar ab: [Int64], a: [Int], b: [Int], rows: Int, depth: Int, columns: Int) -> [Int64] {
        let r = (0 ..< rows).map { m in (0 ..< depth).reduce(Int64(0)) { $0 + Int64(a[m * depth + $1]) } }
        let c = (0 ..< columns).map { n in (0 ..< depth).reduce(Int64(0)) { $0 + Int64(b[$1 * columns + n]) } }
        return (0 ..< rows * columns).map { e in (ab[e] - r[e / columns] - c[e % columns] + Int64(depth)) / 4 }
    }
}

/// Operands a bit-plane product cannot take: one line saying why.
public struct BitPlaneError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
