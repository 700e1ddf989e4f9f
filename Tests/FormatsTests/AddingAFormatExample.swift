// The worked example of README § "Adding a format", compiled and run here so it stays true: the
// format works in every command, verifies against MPFR like `quantlab verify`, and benchmarks.
import XCTest
import Formats
import Reference

/// An n-bit sign-magnitude integer (microxcaling's INT8 convention): a sign bit and an
/// (n-1)-bit magnitude, values in [-(2^(n-1) - 1), 2^(n-1) - 1], with a -0 code.
struct SignMagnitudeInt: ElementFormat {
    let bits: Int
    private let grid: IntegerFormat   // same values and rounding as the symmetric integers

    init(bits: Int) throws {
        self.bits = bits
        grid = try IntegerFormat(bits: bits, kind: .symmetric)
    }

    var info: FormatInfo {
        var facts = grid.info
        facts.name = "sm\(bits)"
        facts.definition = "sign-magnitude integers in [-\(Int(grid.maximum)), \(Int(grid.maximum))]"
        return facts
    }

    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        grid.quantize(x, mode: mode, random: random)
    }

    func encode(rounded value: Float) -> UInt32 {
        (value.sign == .minus ? 1 << (bits - 1) : 0) | UInt32(abs(value))
    }

    func decode(_ code: UInt32) -> Float {
        let magnitude = Float(code & ((1 << (bits - 1)) - 1))
        return code >> (bits - 1) & 1 == 1 ? -magnitude : magnitude
    }

    var saturating: any ElementFormat { self }
}

/// The same format with a defect: ties round away from zero under nearest-even. The generic
/// reference must find it (a check that cannot fail proves nothing).
struct TiesAwaySignMagnitudeInt: ElementFormat {
    let base: SignMagnitudeInt
    var info: FormatInfo { var i = base.info; i.name = "sm8-away"; return i }
    func quantize(_ x: Float, mode: RoundingMode, random: UInt32) -> Float {
        base.quantize(x, mode: mode == .nearestEven ? .nearestAway : mode, random: random)
    }
    func encode(rounded value: Float) -> UInt32 { base.encode(rounded: value) }
    func decode(_ code: UInt32) -> Float { base.decode(code) }
    var saturating: any ElementFormat { self }
}

final class AddingAFormatExampleTests: XCTestCase {
    override func setUp() {
        FormatRegistry.register("sm8") { try SignMagnitudeInt(bits: 8) }
        FormatRegistry.register("sm8-away") { try TiesAwaySignMagnitudeInt(base: SignMagnitudeInt(bits: 8)) }
    }

    func testRegisteredFormatWorksEverywhere() throws {
        let sm8 = try FormatRegistry.element("sm8")
        XCTAssertEqual(sm8.quantize([2.5, -300, 0.4]), [2, -127, 0])
        XCTAssertEqual(sm8.encode(rounded: -3), 0x83)
        XCTAssertEqual(sm8.decode(0x83), -3)
        // Any scaling composes with it: here MX-style blocks of 32 with an E8M0 scale.
        let mx = try FormatRegistry.tensorFormat("scaled(sm8, block=32, scale=e8m0)")
        XCTAssertEqual(mx.bitsPerElement, 8.25)
        let x = (0 ..< 64).map { Float($0) / 7 }
        XCTAssertEqual(try mx.fakeQuantize(x, shape: [64])[63], 9)
    }

    /// What `quantlab verify --format sm8 --format 'scaled(sm8, block=32, scale=e8m0)'` runs.
    func testItVerifiesAgainstMPFR() throws {
        for spec in ["sm8", "scaled(sm8, block=32, scale=e8m0)"] {
            let results = try VerificationPlan.run(spec: spec, modes: RoundingMode.allCases, exhaustive: false, random: 2000, seed: 1)
            XCTAssertEqual(results.map(\.mismatches), [0], spec)
            XCTAssertGreaterThan(results[0].inputsChecked, 10_000, spec)
        }
    }

    func testTheGenericReferenceFindsADefect() throws {
        let results = try VerificationPlan.run(spec: "sm8-away", modes: [.nearestEven], exhaustive: false, random: 2000, seed: 1)
        XCTAssertGreaterThan(results[0].mismatches, 0)
        let first = try XCTUnwrap(results[0].firstMismatches.first)
        XCTAssertEqual(abs(Float(bitPattern: first.input)).truncatingRemainder(dividingBy: 1), 0.5)
    }

    /// What `quantlab bench` runs for it (registered formats are part of the suite).
    func testItBenchmarks() throws {
        XCTAssertTrue(BenchmarkSuite.formatSpecs.contains("sm8"))
        let input = Throughput.signal(count: 4096 * 4)
        for spec in ["sm8", "scaled(sm8, block=32, scale=e8m0)"] {
            let m = try BenchmarkSuite.measure(spec, input: input, repeats: 1)
            XCTAssertEqual(m.elements, input.count)
            XCTAssertTrue(m.bestSeconds > 0 && m.bestSeconds.isFinite, spec)
        }
    }
}
