// The worked example of README § "Adding a format", compiled and run here so it stays true.
import XCTest
import Formats

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
        (value < 0 ? 1 << (bits - 1) : 0) | UInt32(abs(value))
    }

    func decode(_ code: UInt32) -> Float {
        let magnitude = Float(code & ((1 << (bits - 1)) - 1))
        return code >> (bits - 1) & 1 == 1 ? -magnitude : magnitude
    }

    func quantize(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                  mode: RoundingMode, seed: UInt64, indexOffset: Int) {
        ElementKernel.run(self, input, output, mode: mode, seed: seed, indexOffset: indexOffset)
    }

    var saturating: any ElementFormat { self }
}

final class AddingAFormatExampleTests: XCTestCase {
    func testRegisteredFormatWorksEverywhere() throws {
        FormatRegistry.register("sm8") { try SignMagnitudeInt(bits: 8) }
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
}
