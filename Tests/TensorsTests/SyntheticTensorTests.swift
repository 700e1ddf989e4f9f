import Foundation
import XCTest
@testable import Tensors

final class SyntheticTensorTests: XCTestCase {
    private let n = 200_000

    func testGeneratorStreamsArePinned() {
        // Reference values of SplitMix64 and xoshiro256** (seeded by SplitMix64) for seed 0 / 1.
        var mix = SplitMix64(seed: 0)
        XCTAssertEqual(mix.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(mix.next(), 0x6E78_9E6A_A1B9_65F4)
        var xo = Xoshiro256StarStar(seed: 1)
        XCTAssertEqual((0..<3).map { _ in xo.next() }, PinnedBits.xoshiroSeed1)
    }

    func testSameSeedSameBitsAndPinnedValues() {
        for (spec, expected) in PinnedBits.firstValues {
            let s = try! SyntheticTensor(parsing: spec)
            let a = s.generate(), b = s.generate()
            assertSameBits(a.values, b.values)
            XCTAssertEqual(Array(a.values.prefix(4)).map(\.bitPattern), expected, spec)
        }
        let other = SyntheticTensor(.normal(mean: 0, std: 1), shape: [16], seed: 8).generate()
        XCTAssertNotEqual(other.values, SyntheticTensor(.normal(mean: 0, std: 1), shape: [16], seed: 7).generate().values)
    }

    func testDeterministicLogAndExpAreAccurate() {
        var rng = RandomStream(seed: 3)
        for _ in 0..<20_000 {
            let x = DeterministicMath.exp(40 * rng.nextDouble() - 20) * rng.nextOpenDouble()
            XCTAssertEqual(DeterministicMath.log(x), Foundation.log(x), accuracy: 4 * abs(Foundation.log(x)).ulp + 1e-300)
            let y = 1400 * rng.nextDouble() - 700
            XCTAssertEqual(DeterministicMath.exp(y), Foundation.exp(y), accuracy: 4 * Foundation.exp(y).ulp)
        }
        XCTAssertEqual(DeterministicMath.log(1), 0)
        XCTAssertEqual(DeterministicMath.log(0), -.infinity)
        XCTAssertTrue(DeterministicMath.log(-1).isNaN)
        XCTAssertEqual(DeterministicMath.log(Double.leastNonzeroMagnitude), Foundation.log(Double.leastNonzeroMagnitude), accuracy: 1e-12)
        XCTAssertEqual(DeterministicMath.exp(0), 1)
        XCTAssertEqual(DeterministicMath.exp(710), .infinity)
        XCTAssertEqual(DeterministicMath.exp(-746), 0)
        XCTAssertEqual(DeterministicMath.exp(709.7), Foundation.exp(709.7), accuracy: 4 * Foundation.exp(709.7).ulp)
    }

    private func check(_ distribution: Distribution, mean: Double, std: Double, kurtosis: Double?, file: StaticString = #filePath, line: UInt = #line) {
        let t = SyntheticTensor(distribution, shape: [n], seed: 11).generate()
        let m = moments(t.values)
        XCTAssertEqual(m.mean, mean, accuracy: 0.01 * max(std, 1), "mean", file: file, line: line)
        XCTAssertEqual(m.std, std, accuracy: 0.01 * std, "std", file: file, line: line)
        if let kurtosis { XCTAssertEqual(m.kurtosis, kurtosis, accuracy: 0.06 * kurtosis, "kurtosis", file: file, line: line) }
    }

    func testSampleMoments() {
        check(.normal(mean: 2, std: 3), mean: 2, std: 3, kurtosis: 3)
        check(.laplace(location: -1, scale: 2), mean: -1, std: 2 * 2.0.squareRoot(), kurtosis: 6)
        check(.studentT(nu: 10), mean: 0, std: (10.0 / 8).squareRoot(), kurtosis: 4)
        check(.uniform(low: -1, high: 3), mean: 1, std: 4 / 12.0.squareRoot(), kurtosis: 1.8)
        let s2 = 0.25
        check(.logNormal(mu: 0.5, sigma: 0.5), mean: Foundation.exp(0.5 + s2 / 2), std: ((Foundation.exp(s2) - 1) * Foundation.exp(1 + s2)).squareRoot(), kurtosis: nil)
        // Non-integer and small nu exercise the Gamma(a < 1) branch: the median of t is 0 and P(|t| < 1) is known.
        let t = SyntheticTensor(.studentT(nu: 1), shape: [n], seed: 5).generate().values
        XCTAssertEqual(Double(t.filter { abs($0) < 1 }.count) / Double(n), 0.5, accuracy: 0.01)  // Cauchy: P(|x| < 1) = 1/2
    }

    func testOutlierChannelsAreScaled() {
        let spec = SyntheticTensor(.outliers(channels: 4, factor: 50, std: 1), shape: [2000, 64], seed: 9)
        let channels = spec.outlierChannels
        XCTAssertEqual(channels.count, 4)
        XCTAssertEqual(channels, channels.sorted())
        XCTAssertEqual(SyntheticTensor(.outliers(channels: 4, factor: 50, std: 1), shape: [2000, 64], seed: 9).outlierChannels, channels)
        XCTAssertNotEqual(SyntheticTensor(.outliers(channels: 4, factor: 50, std: 1), shape: [2000, 64], seed: 10).outlierChannels, channels)
        let t = spec.generate()
        for c in 0..<64 {
            let column = (0..<2000).map { t.values[$0 * 64 + c] }
            let std = moments(column).std
            XCTAssertEqual(std, channels.contains(c) ? 50 : 1, accuracy: channels.contains(c) ? 4 : 0.08, "channel \(c)")
        }
    }
}

final class SyntheticEdgeCaseTests: XCTestCase {
    func testDegenerateParametersFromTheAPITerminate() {
        var rng = RandomStream(seed: 1)
        XCTAssertTrue(rng.nextGamma(.nan).isNaN)
        XCTAssertTrue(rng.nextGamma(-1e300).isNaN)
        XCTAssertEqual(rng.nextGamma(.infinity), .infinity)
        XCTAssertEqual(SyntheticTensor(.studentT(nu: -1), shape: [3]).generate().count, 3)
        XCTAssertEqual(SyntheticTensor(.outliers(channels: 99, factor: 2, std: 1), shape: [2, 3]).outlierChannels, [0, 1, 2])
        XCTAssertEqual(SyntheticTensor(.normal(mean: 0, std: 1), shape: [-1, 2]).generate().count, 0)
        XCTAssertTrue(rng.nextBelow(1) == 0 && (0..<1000).allSatisfy { _ in (0..<7).contains(rng.nextBelow(7)) })
    }
}
