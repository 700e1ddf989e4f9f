import XCTest
import Tensors
@testable import Transforms

final class HadamardRotationTests: XCTestCase {
    /// Sylvester entry (i, j) of the unnormalized H_n: (-1)^popcount(i & j).
    private func sylvester(_ i: Int, _ j: Int) -> Float { (i & j).nonzeroBitCount % 2 == 0 ? 1 : -1 }

    /// Deterministic pseudo-random values in [-1, 1).
    private func values(_ count: Int, seed: UInt64 = 42) -> [Float] {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(g.next() >> 40) / Float(1 << 23) - 1 }
    }

    private func assertClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance, file: file, line: line)
    }

    func testBasisVectorsGiveSylvesterRows() throws {
        let rotation = try HadamardRotation()
        for n in [1, 2, 4, 8, 16] {
            for i in 0..<n {
                var e = [Float](repeating: 0, count: n)
                e[i] = 1
                let row = try rotation.apply(Tensor(shape: [n], values: e)).values
                let expected = (0..<n).map { sylvester(i, $0) / Float(n).squareRoot() }
                assertClose(row, expected, tolerance: 1e-7)
            }
        }
    }

    func testNormIsPreserved() throws {
        for (blockSize, seed) in [(nil, nil), (32, nil), (nil, 3), (8, 5)] as [(Int?, UInt64?)] {
            let rotation = try HadamardRotation(blockSize: blockSize, signSeed: seed)
            let x = values(8 * 256)
            let y = try rotation.apply(Tensor(shape: [8, 256], values: x)).values
            let nx = x.reduce(0) { $0 + Double($1) * Double($1) }
            let ny = y.reduce(0) { $0 + Double($1) * Double($1) }
            XCTAssertEqual(ny / nx, 1, accuracy: 1e-5)
        }
    }

    func testInverseUndoesApply() throws {
        for (blockSize, seed) in [(nil, nil), (16, nil), (nil, 9), (64, 1), (1, 2), (2, 3), (4, 4)] as [(Int?, UInt64?)] {
            let rotation = try HadamardRotation(blockSize: blockSize, signSeed: seed)
            let t = Tensor(shape: [3, 4, 128], values: values(3 * 4 * 128))
            let back = try rotation.invert(rotation.apply(t))
            XCTAssertEqual(back.shape, t.shape)
            assertClose(back.values, t.values, tolerance: 1e-5)
        }
    }

    func testInPlaceMatchesTensorAPI() throws {
        let rotation = try HadamardRotation(blockSize: 32, signSeed: 11)
        let t = Tensor(shape: [5, 96], values: values(5 * 96))
        var buffer = t.values
        try buffer.withUnsafeMutableBufferPointer { try rotation.apply($0, rowLength: 96) }
        XCTAssertEqual(buffer, try rotation.apply(t).values)
        try buffer.withUnsafeMutableBufferPointer { try rotation.invert($0, rowLength: 96) }
        XCTAssertEqual(buffer, try rotation.invert(rotation.apply(t)).values)
        var tensor = t
        try rotation.apply(inPlace: &tensor)
        XCTAssertEqual(tensor, try rotation.apply(t))
        try rotation.invert(inPlace: &tensor)
        XCTAssertEqual(tensor.values, buffer)
    }

    func testBlockWiseEqualsFullTransformOfEachBlock() throws {
        for k in [2, 8, 32] {
            let blockwise = try HadamardRotation(blockSize: k, signSeed: 7)
            let full = try HadamardRotation(signSeed: 7)
            let x = values(4 * 4 * k)
            let y = try blockwise.apply(Tensor(shape: [4, 4 * k], values: x)).values
            let perBlock = try full.apply(Tensor(shape: [16, k], values: x)).values
            XCTAssertEqual(y, perBlock)
            // and against the matrix definition x D H_k / sqrt(k) for the first block
            let d = HadamardRotation.signs(seed: 7, length: k)
            let expected = (0..<k).map { j in
                (0..<k).reduce(Float(0)) { $0 + x[$1] * d[$1] * sylvester($1, j) } / Float(k).squareRoot()
            }
            assertClose(Array(y[0..<k]), expected, tolerance: 1e-5)
        }
    }

    func testLargeParallelInputMatchesRowByRow() throws {
        // More than one parallel task: results must equal rotating each row on its own.
        let rotation = try HadamardRotation(signSeed: 1)
        let n = 1024, rows = 80
        let x = values(n * rows)
        let all = try rotation.apply(Tensor(shape: [rows, n], values: x)).values
        for r in [0, 17, 79] {
            let one = try rotation.apply(Tensor(shape: [n], values: Array(x[(r * n)..<((r + 1) * n)]))).values
            XCTAssertEqual(Array(all[(r * n)..<((r + 1) * n)]), one)
        }
    }

    func testSignsArePinnedAndPrefixStable() {
        let pinned: [Float] = [-1, -1, -1, 1, 1, -1, -1, -1, 1, -1, 1, -1, 1, -1, 1, 1]
        XCTAssertEqual(HadamardRotation.signs(seed: 1, length: 16), pinned)
        XCTAssertEqual(Array(HadamardRotation.signs(seed: 1, length: 64).prefix(16)), pinned)
        XCTAssertEqual(HadamardRotation.signs(seed: 1, length: 16), HadamardRotation.signs(seed: 1, length: 16))
        XCTAssertNotEqual(HadamardRotation.signs(seed: 2, length: 16), pinned)
    }

    func testSplitMix64ReferenceOutput() {
        // First output of Vigna's splitmix64.c for seed 0.
        var g = SplitMix64(seed: 0)
        XCTAssertEqual(g.next(), 0xE220_A839_7B1D_CDAF)
    }

    func testSignsFlipInputBeforeRotation() throws {
        let n = 8
        let x = values(n)
        let d = HadamardRotation.signs(seed: 1, length: n)
        let signed = try HadamardRotation(signSeed: 1).apply(Tensor(shape: [n], values: x)).values
        let plain = try HadamardRotation().apply(Tensor(shape: [n], values: zip(x, d).map(*))).values
        XCTAssertEqual(signed, plain)
    }

    func testErrors() throws {
        XCTAssertThrowsError(try HadamardRotation(blockSize: 0)) {
            XCTAssertEqual($0 as? HadamardError, .blockSizeNotPowerOfTwo(0))
        }
        XCTAssertThrowsError(try HadamardRotation(blockSize: 12)) {
            XCTAssertEqual("\($0)", "Hadamard block size 12 is not a power of two (expected 1, 2, 4, 8, ...)")
        }
        XCTAssertThrowsError(try HadamardRotation(blockSize: -4))
        let blockwise = try HadamardRotation(blockSize: 32)
        XCTAssertThrowsError(try blockwise.apply(Tensor(shape: [2, 48], values: values(96)))) {
            XCTAssertEqual($0 as? HadamardError, .rowLengthNotMultipleOfBlockSize(rowLength: 48, blockSize: 32))
            XCTAssertEqual("\($0)", "row length 48 is not a multiple of the Hadamard block size 32")
        }
        XCTAssertThrowsError(try HadamardRotation().invert(Tensor(shape: [2, 12], values: values(24)))) {
            XCTAssertEqual($0 as? HadamardError, .rowLengthNotPowerOfTwo(12))
        }
        var buffer = values(10)
        XCTAssertThrowsError(try buffer.withUnsafeMutableBufferPointer { try blockwise.apply($0, rowLength: 4) }) {
            XCTAssertEqual($0 as? HadamardError, .countNotMultipleOfRowLength(count: 10, rowLength: 4))
        }
    }
}
