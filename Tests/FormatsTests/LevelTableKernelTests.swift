import Formats
import XCTest

/// The branch-free table loops (`LevelTable+Kernels`) round exactly as `LevelTable.quantize` in every
/// deterministic mode, for small (compare-and-select) and large (binary search) tables, on the
/// inputs where they could differ: every level and threshold and their Float neighbours, zeros,
/// infinities, NaN, and values beyond the ends.
final class LevelTableKernelTests: XCTestCase {
    func edgeInputs(_ table: LevelTable) -> [Float] {
        var xs: [Float] = [0, -0.0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                           .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        for v in table.levels + table.below {
            xs += [v, v.nextUp, v.nextDown, v.nextUp.nextUp, v.nextDown.nextDown, -v, v * 2, v / 2]
        }
        var g = SystemRandomNumberGenerator()
        let span = (table.levels.first!, table.levels.last!)
        for _ in 0 ..< 2000 { xs.append(Float.random(in: (span.0 * 1.5) ... (span.1 * 1.5), using: &g)) }
        return xs
    }

    func assertKernelsMatch(_ spec: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let format = try FormatRegistry.element(spec)
        let table: LevelTable
        if let c = format as? Codebook { table = c.table } else { table = try XCTUnwrap(format as? PowerExponent).table }
        let xs = edgeInputs(table)
        for mode in [RoundingMode.nearestEven, .nearestAway, .towardZero, .towardPositive, .towardNegative] {
            var fast = [Float](repeating: 0, count: xs.count), each = fast
            xs.withUnsafeBufferPointer { src in
                fast.withUnsafeMutableBufferPointer { format.kernels.quantize(src, into: $0, mode: mode, seed: 0, indexOffset: 0) }
                each.withUnsafeMutableBufferPointer { format.kernels.quantizeEach(src, into: $0, mode: mode) }
            }
            for i in xs.indices where fast[i].bitPattern != each[i].bitPattern {
                XCTFail("\(spec) \(mode) x=\(xs[i]): table loop \(fast[i]), quantize \(each[i])", file: file, line: line)
                return
            }
        }
    }

    func testSmallTables() throws {
        for spec in ["nf4", "power:4:0.5", "power:3:2", "power:4:1", "codebook:-5,1e-30,1", "codebook:-1,-0.5,0.25,3"] {
            try assertKernelsMatch(spec)
        }
    }

    func testLargeTables() throws {
        let values = (0 ..< 200).map { Float($0 * $0) / 97 - 50 }.map(String.init(describing:)).joined(separator: ",")
        // 31 to 255 levels: the search of depth 8; 4095: depth 12.
        for spec in ["power:5:0.5", "power:6:0.75", "power:8:0.5", "codebook:" + values, "power:12:0.5"] { try assertKernelsMatch(spec) }
    }
}
