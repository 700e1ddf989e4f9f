import Formats
import XCTest

/// Malformed spec strings end in one `FormatError` naming the spec and the problem, never a trap
/// (issue 9 item 5); well-formed ones keep parsing as before.
final class SpecParserTests: XCTestCase {
    func assertRejected(_ spec: String, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try FormatRegistry.tensorFormat(spec), "'\(spec)' was accepted", file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(error is FormatError, "\(type(of: error)): \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("\n"), text, file: file, line: line)
            for word in words { XCTAssertTrue(text.contains(word), "'\(word)' not in: \(text)", file: file, line: line) }
        }
    }

    func testSlashesAndEmptyPartsAreErrors() {
        assertRejected("/", mentions: ["'/'", "empty"])
        assertRejected("//", mentions: ["'//'", "empty"])
        assertRejected("int8/", mentions: ["int8/", "empty"])
        assertRejected("/int8", mentions: ["/int8", "empty element"])
        assertRejected("int8//g32", mentions: ["int8//g32", "empty"])
        assertRejected("", mentions: ["empty"])
        assertRejected("   ", mentions: ["empty"])
    }

    func testEmptyOptionsAreErrors() {
        assertRejected("int8/=", mentions: ["int8/=", "'='"])
        assertRejected("scaled(int8, =)", mentions: ["scaled(int8, =)", "'='"])
        assertRejected("scaled(int8, block=)", mentions: ["block", "value"])
        assertRejected("scaled(int8, =32)", mentions: ["'=32'"])
        assertRejected("mxfp4(,,,)", mentions: ["mxfp4(,,,)", "empty option"])
        assertRejected("mxfp4(rule=ceil,)", mentions: ["empty option"])
        assertRejected("scaled()", mentions: ["scaled(ELEMENT"])
        assertRejected("scaled(, block=32)", mentions: ["empty element"])
    }

    func testDuplicateOptionsAreErrors() {
        assertRejected("mxfp4(rule=ceil, rule=even)", mentions: ["rule", "twice"])
        assertRejected("nvfp4(levels=1, levels=2)", mentions: ["levels", "twice"])
        assertRejected("mxint8(sym, sym)", mentions: ["sym", "twice"])
        assertRejected("mxfp4(block=16, block=8)", mentions: ["block", "twice"])
        assertRejected("int8/g32/g64", mentions: ["granularity", "twice"])
        assertRejected("int8/g32/tensor", mentions: ["granularity", "twice"])
        assertRejected("scaled(int8, block=32, channel=0)", mentions: ["granularity", "twice"])
        assertRejected("scaled(int8, block=32, scale=e8m0, scale=fp32)", mentions: ["scale", "twice"])
        assertRejected("uint4/g32/asym/asym", mentions: ["asym", "twice"])
        assertRejected("int8/g32/mse/mse", mentions: ["clip", "twice"])
    }

    func testValuesOutOfRangeAreErrors() {
        assertRejected("int8/g99999999999999999999", mentions: ["99999999999999999999"])
        assertRejected("scaled(int8, block=-3)", mentions: ["-3"])
        assertRejected("scaled(int8, clip=nan)", mentions: ["nan"])
        assertRejected("fp:e4m3:b99999999999999999999", mentions: ["b99999999999999999999"])
        assertRejected("power:4:nan", mentions: ["nan"])
        assertRejected("power:4:inf", mentions: ["inf"])
        assertRejected("codebook:1,nan", mentions: ["nan"])
        assertRejected("codebook:", mentions: ["codebook"])
        assertRejected("codebook:1,,2", mentions: ["empty"])
    }

    func testWellFormedSpecsStillParse() throws {
        for spec in ["int8/g32", "int8/ch0", "int8/ch", "int8/tensor", "uint4/g64/asym", "int4/g32/mse", "int4/g32/e8m0",
                     "mxfp4", "mxfp4(rule=ceil)", "mxfp4( rule = ceil , block = 16 )", "mxint8(sym)", "nvfp4(levels=1)",
                     "nvfp4(levels=2)", "mxfp4(clip=mse)", "mxfp4(clip=0.9)", "scaled(int8, block=32, scale=e8m0-rceil)",
                     "scaled(codebook:-1,0,0.5,1, block=4)", "scaled(float4_e2m1fn, block=16, scale=float8_e4m3fn, tensor_scale)",
                     "int8:sat", "fp:e4m3:b8:fnuz", " int8/g32 "] {
            XCTAssertNoThrow(try FormatRegistry.tensorFormat(spec), spec)
        }
        let named = try XCTUnwrap(FormatRegistry.tensorFormat("mxfp4(block=16)") as? ScaledFormat)
        XCTAssertEqual(named.granularity, .block(size: 16))
        let ceil = try XCTUnwrap(FormatRegistry.tensorFormat("mxfp4(rule=ceil)") as? ScaledFormat)
        XCTAssertEqual(ceil.scale, .powerOfTwo(.ceil))
    }
}
