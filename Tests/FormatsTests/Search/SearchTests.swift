import Dispatch
import XCTest
@testable import Formats

final class SearchTests: XCTestCase {
    let grid = SearchAxis.linear(0.2, 1.0, count: 81)

    /// Rows made of the levels of power:4:a (times a power of two), one exponent per row.
    func powerRows(_ exponents: [Double], length: Int = 64, sameScale: Bool = false) throws -> [Float] {
        var x: [Float] = []
        for (r, a) in exponents.enumerated() {
            let levels = try PowerExponent(bits: 4, exponent: a).allValues.filter { !$0.isNaN }
            let s = Float(sign: .plus, exponent: sameScale ? 0 : r - 2, significand: 1)
            x += (0 ..< length).map { i in (i == 0 ? levels.max()! : levels[(i * 7 + r) % levels.count]) * s }
        }
        return x
    }

    func search(_ spec: String) throws -> SearchFormat {
        try XCTUnwrap(FormatRegistry.tensorFormat(spec) as? SearchFormat)
    }

    func testPowerSearchFindsEachRowsExponent() throws {
        let picks = [30, 80, 5, 50]
        let x = try powerRows(picks.map { grid[$0] })
        let f = try search("search(power:4:A, A=0.2..1.0/81, objective=mse, per=row)")
        let (q, report) = try x.withUnsafeBufferPointer { try f.search($0, shape: [4, 64], mode: .nearestEven, seed: 0) }
        XCTAssertEqual(q, x)
        XCTAssertEqual(report.mse, 0)
        let w = report.operands[0]
        XCTAssertEqual(w.groups, 4)
        XCTAssertEqual(w.chosen[0].map { w.values[0][$0] }, picks.map { SpecArguments.number(grid[$0]) })
        XCTAssertEqual(report.rounds, 1)
        XCTAssertEqual(w.curves.count, 1)
        XCTAssertEqual(w.curves[0].mse.count, 81)
    }

    func testPerTensorChoiceIsTheCurvesMinimumAndTheFormatIsWhatIsMeasured() throws {
        let x = try powerRows([grid[40], grid[40], grid[40]], sameScale: true)
        let f = try search("search(power:4:A, A=0.2..1.0/81)")
        let (q, report) = try x.withUnsafeBufferPointer { try f.search($0, shape: [3, 64], mode: .nearestEven, seed: 0) }
        let curve = report.operands[0].curves[0]
        XCTAssertEqual(curve.argmin, 40)
        XCTAssertEqual(curve.mse[40], 0)
        XCTAssertEqual(report.operands[0].chosenSpec, "power:4:\(SpecArguments.number(grid[40]))")
        XCTAssertEqual(try f.fakeQuantize(x, shape: [3, 64]), q)
        // The chosen format applied on its own (the group is the tensor: its absmax scale) gives the same values.
        let direct = try ScaledFormat(name: "p", element: PowerExponent(bits: 4, exponent: grid[40]), granularity: .tensor, scale: .fp32)
        XCTAssertEqual(try direct.fakeQuantize(x, shape: [3, 64]), q)
    }

    func testGroupAbsmaxIsElementPerTensorBitForBit() throws {
        var x: [Float] = (0 ..< 500).map { i -> Float in Float(sin(Double(i) * 1.3)) * Float(1 + i % 7) }
        x[3] = 0; x[4] = -0.0
        for element in ["int4", "int:5:sym", "float4_e2m1fn", "fp:e3m2:finite", "nf4", "power:3:0.5", "float8_e4m3fn"] {
            for mode in RoundingMode.allCases {
                let mine = GroupAbsmaxFormat(name: element, element: try FormatRegistry.element(element))
                let theirs = try FormatRegistry.tensorFormat(element + "/tensor")
                let a = try mine.fakeQuantize(x, shape: [5, 100], mode: mode, seed: 9), b = try theirs.fakeQuantize(x, shape: [5, 100], mode: mode, seed: 9)
                XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "\(element) \(mode)")
            }
        }
        let nan = GroupAbsmaxFormat(name: "int4", element: try FormatRegistry.element("int4"))
        XCTAssertTrue(try nan.fakeQuantize([1, .nan, 2], shape: [3]).allSatisfy(\.isNaN))
        XCTAssertEqual(try nan.fakeQuantize([0, 0], shape: [2]), [0, 0])
    }

    func testChannelGroupsAreColumns() throws {
        // Columns hold the row data of powerRows: column c is row c of the transposed matrix.
        let rows = try powerRows([grid[10], grid[70]], length: 32)
        var x = [Float](repeating: 0, count: 64)
        for r in 0 ..< 2 { for c in 0 ..< 32 { x[c * 2 + r] = rows[r * 32 + c] } }
        let f = try search("search(power:4:A, A=0.2..1.0/81, per=channel)")
        let report = try x.withUnsafeBufferPointer { try f.search($0, shape: [32, 2], mode: .nearestEven, seed: 0) }.report
        XCTAssertEqual(report.operands[0].chosen[0].map { report.operands[0].values[0][$0] }, [10, 70].map { SpecArguments.number(grid[$0]) })
    }

    /// Exhaustive search written out: per row, each format's best factor; then the one format whose
    /// rows' best errors sum least (LLM-FP4's code picks one format per layer, biases per channel).
    func bruteForce(_ x: [Float], rows: Int, formats: [String], factors: [Double]) throws -> [(String, String)] {
        let n = x.count / rows
        func first(_ e: [Double]) -> Int { e.indices.min { e[$0] < e[$1] || (e[$0] == e[$1] && $0 < $1) }! }
        var perFormat: [(factors: [String], total: Double)] = []
        for f in formats {
            var chosen: [String] = [], total = 0.0
            for r in 0 ..< rows {
                let row = Array(x[r * n ..< (r + 1) * n])
                let errors = try factors.map { c -> Double in
                    let q = try RealBiasFloat.parse("fpq(\(f), factor=\(c))")!.fakeQuantize(row, shape: [1, n])
                    return zip(row, q).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
                }
                let i = first(errors)
                chosen.append(SpecArguments.number(factors[i])); total += errors[i]
            }
            perFormat.append((chosen, total))
        }
        let j = first(perFormat.map(\.total))
        return perFormat[j].factors.map { (formats[j], $0) }
    }

    func testRealBiasSearchEqualsExhaustiveSearchPerRow() throws {
        var state: UInt64 = 99
        var x: [Float] = []
        for i in 0 ..< 8 * 48 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u: Double = Double(state >> 11) / 9007199254740992.0
            let magnitude: Double = u < 0.5 ? log(2 * u + 1e-12) : -log(2 - 2 * u + 1e-12)
            x.append(Float(magnitude * 0.02 * Double(1 + i / 48)))
        }
        let f = try search("search(fp:4, formats=[e3m0,e2m1,e1m2], bias=0.01..1.2/101, rounds=3, per=row)")
        let report = try x.withUnsafeBufferPointer { try f.search($0, shape: [8, 48], mode: .nearestEven, seed: 0) }.report
        let w = report.operands[0]
        let got = (0 ..< 8).map { (w.values[0][w.chosen[0][$0]], w.values[1][w.chosen[1][$0]]) }
        let want = try bruteForce(x, rows: 8, formats: ["e3m0", "e2m1", "e1m2"], factors: SearchAxis.linear(0.01, 1.2, count: 101))
        XCTAssertEqual(got.map(\.0), want.map(\.0))
        XCTAssertEqual(got.map(\.1), want.map(\.1))
        XCTAssertEqual(report.rounds, 2)   // the second round confirms the first
        XCTAssertEqual(w.values[0].count, 1)   // one format for the tensor
        XCTAssertEqual(w.curves.map(\.label), ["bias factor (e3m0)", "bias factor (e2m1)", "bias factor (e1m2)", "format"])
    }

    func testUniformDataChoosesE1M2AtMinMax() throws {
        let x: [Float] = (0 ..< 64).map { i -> Float in Float(i % 15 - 7) / 8 }   // the E1M2 grid of bias 2, amax = its Qmax
        let f = try search("search(fp:4, bias=0.5..1.0/2)")
        let report = try x.withUnsafeBufferPointer { try f.search($0, shape: [64], mode: .nearestEven, seed: 0) }.report
        XCTAssertEqual(report.operands[0].chosenSpec, "fpq(e1m2)")
        XCTAssertEqual(report.mse, 0)
    }

    func testOutputObjectiveFindsTheExactWeightsWithUnquantizedActivations() throws {
        let picks = [30, 80, 5]
        let w = try powerRows(picks.map { grid[$0] }, length: 40)
        let xs: [Float] = (0 ..< 20 * 40).map { i -> Float in Float((i * 37) % 23) / 7 - 1.5 }
        let f = try search("search(power:4:A, A=0.2..1.0/81, objective=output, per=row, act=none)")
            .binding(SearchActivations(values: xs, shape: [20, 40]))
        let (q, report) = try w.withUnsafeBufferPointer { try f.search($0, shape: [3, 40], mode: .nearestEven, seed: 0) }
        XCTAssertEqual(q, w)
        XCTAssertEqual(report.mse, 0)
        XCTAssertEqual(report.operands.count, 1)
        let o = report.operands[0]
        XCTAssertEqual(o.chosen[0].map { o.values[0][$0] }, picks.map { SpecArguments.number(grid[$0]) })
    }

    /// Output error in Double from naive loops: sum_t,n (x_t . w_n - xq_t . wq_n)^2.
    func outputError(x: [Float], w: [Float], xq: [Float], wq: [Float], k: Int) -> Double {
        let t = x.count / k, n = w.count / k
        var total = 0.0
        for i in 0 ..< t {
            for j in 0 ..< n {
                var exact = 0.0, quantized = 0.0
                for l in 0 ..< k {
                    exact += Double(x[i * k + l]) * Double(w[j * k + l])
                    quantized += Double(xq[i * k + l]) * Double(wq[j * k + l])
                }
                total += (exact - quantized) * (exact - quantized)
            }
        }
        return total
    }

    func testAlternatingSearchStopsAtACoordinatewiseOptimum() throws {
        var state: UInt64 = 5
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Double(state >> 11) / Double(1 << 53) - 0.5)
        }
        let k = 32
        let w: [Float] = (0 ..< 6 * k).map { i -> Float in next() * (i % 11 == 0 ? 4 : 1) }
        let x: [Float] = (0 ..< 24 * k).map { i -> Float in next() * (i % k == 3 ? 20 : 1) }
        let f = try search("search(fp:4, objective=output, rounds=20, per=tensor, bias=0.2..1.2/11)")
            .binding(SearchActivations(values: x, shape: [24, k]))
        let (wq, report) = try w.withUnsafeBufferPointer { try f.search($0, shape: [6, k], mode: .nearestEven, seed: 0) }
        XCTAssertLessThan(report.rounds, 20)
        XCTAssertEqual(report.operands.map(\.operand), ["tensor", "activations"])
        let xSpec = try XCTUnwrap(report.operands[1].chosenSpec), wSpec = try XCTUnwrap(report.operands[0].chosenSpec)
        let xq = try FormatRegistry.tensorFormat(xSpec).fakeQuantize(x, shape: [24, k])
        XCTAssertEqual(try FormatRegistry.tensorFormat(wSpec).fakeQuantize(w, shape: [6, k]), wq)
        let chosen = outputError(x: x, w: w, xq: xq, wq: wq, k: k)
        XCTAssertEqual(report.mse, chosen / Double(24 * 6), accuracy: 1e-6 * chosen / 144)
        // No single format/factor change of W (given Xq) or of X (given Wq) does better.
        var candidates: [String] = []
        for fmt in ["e3m0", "e2m1", "e1m2"] {
            for c in SearchAxis.linear(0.2, 1.2, count: 11) { candidates.append("fpq(\(fmt), factor=\(SpecArguments.number(c)))") }
        }
        for c in candidates {
            let wc = try FormatRegistry.tensorFormat(c).fakeQuantize(w, shape: [6, k])
            XCTAssertGreaterThanOrEqual(outputError(x: x, w: w, xq: xq, wq: wc, k: k), chosen * (1 - 1e-5), c)
            let xc = try FormatRegistry.tensorFormat(c).fakeQuantize(x, shape: [24, k])
            XCTAssertGreaterThanOrEqual(outputError(x: x, w: w, xq: xc, wq: wq, k: k), chosen * (1 - 1e-5), c)
        }
    }

    func testSameResultUnderConcurrentLoad() throws {
        var x = [Float](repeating: 0, count: 64 * 96)
        for i in x.indices {
            let wave = Float(sin(Double(i) * 0.37))
            x[i] = wave * Float(1 + i % 5)
        }
        let f = try search("search(fp:4, per=row, bias=0.1..1.2/23, rounds=2)")
        let alone = try x.withUnsafeBufferPointer { try f.search($0, shape: [64, 96], mode: .nearestEven, seed: 0) }
        let results = Array(repeating: alone.quantized, count: 4)
        let box = ResultsBox(results)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let r = try? x.withUnsafeBufferPointer { try f.search($0, shape: [64, 96], mode: .nearestEven, seed: 0) }
            box.set(i, r?.quantized ?? [], r?.report)
        }
        XCTAssertTrue(box.values.allSatisfy { $0 == alone.quantized })
        XCTAssertTrue(box.reports.allSatisfy { $0 == alone.report })
    }

    func testSpecErrorsNameTheProblem() {
        func message(_ spec: String) -> String {
            do { _ = try FormatRegistry.tensorFormat(spec); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(message("search(power:4:A, B=0.2..1/5)").contains("axis B does not occur"))
        XCTAssertTrue(message("search(power:4:A, A=0.2..1/5, per=block)").contains("per 'block'"))
        XCTAssertTrue(message("search(power:4:A, A=0.01..1/5)").contains("not in (0.05, 4]"))
        XCTAssertTrue(message("search(power:4:A, A=1..0.2/5)").contains("lo < hi"))
        XCTAssertTrue(message("search(power:4:A, A=0.2..1/5, objective=output, per=channel)").contains("per=row"))
        XCTAssertTrue(message("search(fp:4, formats=[e2m2])").contains("not an 4-bit"))
        XCTAssertTrue(message("search(fp:4, A=0.1..1/3)").contains("unknown option 'A'"))
        XCTAssertTrue(message("search(power:4:A, A=[0.5, 0.5])").contains("twice"))
        XCTAssertTrue(message("search(power:4:A, A=0.2..1/5, act=none)").contains("belong to objective=output"))
        XCTAssertTrue(message("search(power:4:A, A=0.2..1/5").contains("missing ')'"))
        let f = try? FormatRegistry.tensorFormat("search(fp:4, objective=output)")
        XCTAssertThrowsError(try f?.fakeQuantize([1, 2], shape: [1, 2])) { XCTAssertTrue("\($0)".contains("activations")) }
    }

    func testCurveMinimaCount() {
        func curve(_ y: [Double]) -> SearchCurve { SearchCurve(label: "c", x: nil, labels: y.map { "\($0)" }, mse: y) }
        XCTAssertEqual(curve([3, 2, 1, 2, 3]).localMinima, 1)
        XCTAssertEqual(curve([3, 1, 2, 1, 3]).localMinima, 2)
        XCTAssertEqual(curve([1, 2, 3]).localMinima, 1)
        XCTAssertEqual(curve([2, 1, 1, 1, 2]).localMinima, 1)
        XCTAssertEqual(curve([3, 1, 2, 1, 3]).argmin, 1)
    }
}

final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [[Float]]
    private(set) var reports: [SearchReport?]
    init(_ v: [[Float]]) { values = v; reports = Array(repeating: nil, count: v.count) }
    func set(_ i: Int, _ v: [Float], _ r: SearchReport?) { lock.lock(); values[i] = v; reports[i] = r; lock.unlock() }
}
