import Formats
import XCTest

/// `quantlab formats SPEC` of a scaled format prints its scale formulas with its numbers (issue 9 item 22).
final class FormatListingTests: XCTestCase {
    func assertDescription(_ spec: String, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try FormatListing.describe(spec)
        for part in parts { XCTAssertTrue(text.contains(part), "'\(part)' not in:\n\(text.prefix(1200))", file: file, line: line) }
    }

    func testScaledFormatsPrintTheirScaleFormulas() throws {
        try assertDescription("nvfp4", contains: ["t = fl32(amax_tensor / (448 * 6))", "b = round_float8_e4m3fn:sat(fl32(fl32(amax / 6) / t))",
                                                  "applied s = fl32(b * t)", "q = round_float4_e2m1fn:sat(fl32(x / s))", "block of 16"])
        try assertDescription("mxfp4", contains: ["s = 2^(floor(log2 amax) - 2)", "[-127, 127]", "block of 32"])
        try assertDescription("mxfp8_e4m3(rule=rceil)", contains: ["s = 2^(ceil(log2 fl32(amax / 448)))"])
        try assertDescription("int4/g128", contains: ["s = fl32(amax / 7) (FP32)", "block of 128"])
        try assertDescription("int8/ch0", contains: ["index of axis 0", "s = fl32(amax / 127)"])
        try assertDescription("uint4/g64/asym", contains: ["z = round_even(fl32(-lo / s)) in [0, 15]", "value fl32((q - z) * s)"])
        try assertDescription("scaled(int8, block=4, scale=float8_e4m3fn)", contains: ["an error above 448"])
        try assertDescription("mxfp4(clip=mse)", contains: ["r in {1, 0.99, ..., 0.5}"])
    }
}

final class BenchmarkExampleTests: XCTestCase {
    /// `quantlab bench --examples` times specs that parse, including each option example the
    /// listing shows for the named scaled formats.
    func testEveryExampleParsesAndTheListedOptionExamplesAreTimed() throws {
        for spec in BenchmarkSuite.exampleSpecs { XCTAssertNoThrow(try FormatRegistry.tensorFormat(spec), spec) }
        let options = try XCTUnwrap(FormatRegistry.parametricForms.first { $0.meaning == "options on the named scaled formats" })
        for example in options.form.components(separatedBy: "), ").map({ $0.hasSuffix(")") ? $0 : $0 + ")" }) {
            XCTAssertTrue(BenchmarkSuite.exampleSpecs.contains(example), example)
        }
        XCTAssertEqual(Set(BenchmarkSuite.exampleSpecs).count, BenchmarkSuite.exampleSpecs.count)
    }
}
