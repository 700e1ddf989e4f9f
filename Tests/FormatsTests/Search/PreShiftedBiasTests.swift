import XCTest
@testable import Formats

final class PreShiftedBiasTests: XCTestCase {
    /// sum_j a[t, j] b[n, j] in float32, j in order.
    func product(_ a: [Float], _ b: [Float], k: Int) -> [Float] {
        let t = a.count / k, n = b.count / k
        var out = [Float](repeating: 0, count: t * n)
        for i in 0 ..< t { for j in 0 ..< n {
            var s: Float = 0
            for l in 0 ..< k { s += a[i * k + l] * b[j * k + l] }
            out[i * n + j] = s
        } }
        return out
    }

    func testFoldedProductEqualsThePerChannelProductExactly() throws {
        var state: UInt64 = 21
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Double(state >> 11) / 9007199254740992.0 - 0.5)
        }
        let k = 48
        // Channels with ranges from 2^-6 to 2^5: several exponent shifts.
        let x = (0 ..< 32 * k).map { i -> Float in next() * Float(sign: .plus, exponent: (i % k) % 12 - 6, significand: 1) }
        let w = try RealBiasFloat(exponentBits: 2, mantissaBits: 1, granularity: .channel(axis: 0)).fakeQuantize((0 ..< 16 * k).map { _ in next() }, shape: [16, k])
        for (e, m, factor) in [(2, 1, 1.0), (3, 0, 1.0), (1, 2, 1.0), (4, 3, 0.8), (2, 1, 1.15)] {
            let split = try PreShiftedBias(activations: x, channels: k, exponentBits: e, mantissaBits: m, factor: factor)
            XCTAssertTrue(split.shifts.allSatisfy { (0 ... (1 << e) - 1).contains($0) })
            XCTAssertGreaterThan(Set(split.shifts).count, 1, "the test needs channels with different shifts")
            let perChannel = product(split.quantizePerChannel(x), w, k: k)
            let folded = product(split.quantizeShared(x), split.foldedWeights(w), k: k)
            XCTAssertEqual(perChannel.map(\.bitPattern), folded.map(\.bitPattern), "E\(e)M\(m) factor \(factor)")
            // The stored activations lie on the per-tensor grid of bias rho~.
            let shared = split.quantizeShared(x)
            let tensorGrid = try XCTUnwrap(try RealBiasFloat.parse("fpq(e\(e)m\(m), bias=\(split.tensorBias))"))
            XCTAssertEqual(tensorGrid.scale(amax: 1), split.tensorScale)
            XCTAssertEqual(try tensorGrid.fakeQuantize(shared, shape: [shared.count]).map(\.bitPattern), shared.map(\.bitPattern))
        }
    }

    func testShiftsFollowTheCodesClamp() throws {
        // Channel maxima 8, 1, 1/8, 0: E2M1 MinMax biases b~ = 2^e - log2(amax) + log2(1.5) - 1.
        let x: [Float] = [8, 1, 0.125, 0]
        let split = try PreShiftedBias(activations: x, channels: 4, exponentBits: 2, mantissaBits: 1)
        let b = [8.0, 1, 0.125].map { 3 - log2($0) + log2(1.5) }
        XCTAssertEqual(split.tensorBias, b[0], accuracy: 1e-6)
        let base = b[0].rounded(.toNearestOrEven)
        XCTAssertEqual(split.shifts, [0, Int(b[1].rounded(.toNearestOrEven) - base), 3, 3])   // clamped at 2^e - 1; the zero channel too
    }
}
