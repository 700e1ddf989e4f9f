import XCTest
@testable import Metrics

/// The "INT v.s. FP" models against the numbers the paper states (Fig. 3, through PAPERS.md section
/// 9) and the theory table computed from the authors' code.
final class QSNRModelTests: XCTestCase {
    func pair(_ name: String) -> QSNRModel.Pair { QSNRModel.paperPairs.first { $0.name == name }! }

    /// Asserts `x` rounds to `expected` at two decimals.
    func assertRounds(_ x: Double, _ expected: Double, _ what: String, line: UInt = #line) {
        XCTAssertEqual((x * 100).rounded() / 100, expected, accuracy: 1e-9, "\(what): \(x)", line: line)
    }

    func testPredictedCrossoversAndTheirQSNR() {
        let expected: [(String, Double, Double)] = [("MX8", 7.55, 31.86), ("MX6", 1.96, 31.54), ("MX4", 2.04, 19.14), ("NV4", 2.39, 21.14)]
        for (name, kappa, qsnr) in expected {
            let p = pair(name)
            let roots = p.crossovers(from: 1, to: 12)
            XCTAssertEqual(roots.count, 1, "\(name): \(roots)")
            guard let k = roots.first else { continue }
            assertRounds(k, kappa, "\(name) crossover")
            assertRounds(p.integer.qsnrDB(crest: k), qsnr, "\(name) INT QSNR at the crossover")
            assertRounds(p.float.qsnrDB(crest: k), qsnr, "\(name) FP QSNR at the crossover")
            XCTAssertGreaterThan(p.advantageDB(crest: k - 0.1), 0, "\(name): INT wins below the crossover")
            XCTAssertLessThan(p.advantageDB(crest: k + 0.1), 0, "\(name): FP wins above it")
        }
    }

    /// PAPERS.md's theory table (INT / FP, dB), computed from the authors' code.
    func testTheoryTableFromTheAuthorsCode() {
        let rows: [(String, Double, Double, Double)] = [
            ("MX8", 1.5, 45.90, 31.86), ("MX8", 6, 33.86, 31.86), ("MX6", 2, 31.36, 31.52), ("MX6", 4, 25.34, 29.76),
            ("MX4", 2.5, 17.38, 18.66), ("MX4", 6, 9.78, 13.39), ("NV4", 1.5, 25.19, 20.36), ("NV4", 4, 16.67, 22.79),
        ]
        for (name, kappa, int, fp) in rows {
            assertRounds(pair(name).integer.qsnrDB(crest: kappa), int, "\(name) INT at \(kappa)")
            assertRounds(pair(name).float.qsnrDB(crest: kappa), fp, "\(name) FP at \(kappa)")
        }
    }

    /// The FP ceiling when every element is normal is 13.80 + 6.02 M dB (M = 3: 31.86, M = 1: 19.82).
    func testFloatCeiling() {
        let e4m3 = pair("MX8").float
        XCTAssertEqual(e4m3.qsnrDB(crest: 2), 10 * log10(24 * 64), accuracy: 1e-9)
        XCTAssertEqual(QSNRModel(element: .float(mantissaBits: 1, bias: 7, maxValue: 448), rho: 1.5).qsnrDB(crest: 2),
                       10 * log10(24 * 4), accuracy: 1e-9)
    }

    /// What the printed constants change: with the exact 10 log10 12 and 20 log10 2 the MX8 crossover
    /// is 7.54, not 7.55; the true symmetric Qmax = 2^(b-1) - 1 lowers INT4 by 20 log10(8/7).
    func testIntegerVariants() {
        let exact = pair("MX8").withIntegerNoise(.halfRange)
        assertRounds(exact.crossovers(from: 1, to: 12)[0], 7.54, "MX8 crossover with exact constants")
        let nv = pair("NV4")
        let symmetric = nv.withIntegerNoise(.symmetric)
        XCTAssertEqual(nv.integer.qsnrDB(crest: 3) - symmetric.integer.qsnrDB(crest: 3), 20 * log10(8.0 / 7), accuracy: 1e-12)
        let printedMinusExact: Double = 10.8 + 6.02 * 3 - 10 * log10(12.0) - 20 * log10(8.0)
        let mx4 = pair("MX4")
        XCTAssertEqual(mx4.integer.qsnrDB(crest: 3) - mx4.withIntegerNoise(.halfRange).integer.qsnrDB(crest: 3), printedMinusExact, accuracy: 1e-12)
    }

    /// INT falls 6.02 dB per doubling of kappa (20 log10 2); the NV correction adds 10 log10(g/(g-1)).
    func testIntegerSlopeAndCorrection() {
        let int4 = QSNRModel(element: .integer(bits: 4, noise: .halfRange), rho: 1)
        XCTAssertEqual(int4.qsnrDB(crest: 2) - int4.qsnrDB(crest: 4), 20 * log10(2), accuracy: 1e-12)
        let corrected = QSNRModel(element: .integer(bits: 4, noise: .halfRange), rho: 1, blockMaxGroup: 16)
        XCTAssertEqual(corrected.qsnrDB(crest: 3) - int4.qsnrDB(crest: 3), 10 * log10(16.0 / 15), accuracy: 1e-12)
    }

    func testNormalCDF() {
        XCTAssertEqual(QSNRModel.cdf(0), 0.5, accuracy: 1e-16)
        XCTAssertEqual(QSNRModel.cdf(1.959963984540054), 0.975, accuracy: 1e-15)
        XCTAssertEqual(QSNRModel.cdf(-3), 0.0013498980316301, accuracy: 1e-15)
    }
}
