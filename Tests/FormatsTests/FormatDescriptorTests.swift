import XCTest
import Formats

/// What a format is comes from its facts, never its spelling (issue 8, item 2).
final class FormatDescriptorTests: XCTestCase {
    func describe(_ spec: String) throws -> FormatDescriptor { try FormatRegistry.tensorFormat(spec).descriptor }

    func testTheGeneralSpellingOfMXFP4IsMXFP4() throws {
        let general = try describe("scaled(float4_e2m1fn, block=32, scale=e8m0)")
        let named = try describe("mxfp4")
        XCTAssertEqual(general, named)
        XCTAssertEqual(general.group, "MX fp")
        XCTAssertEqual(general.scheme, .mx)
        XCTAssertEqual(general.standard, .ocpMX)
        XCTAssertEqual(general.family, .fp)
        XCTAssertEqual(general.elementBits, 4)
        XCTAssertEqual(general.scaling?.granularity, .block(size: 32))
        XCTAssertEqual(general.scaling?.scale, .powerOfTwo(.floor))
        XCTAssertEqual(general.scaling?.secondLevel, false)
        XCTAssertEqual(try describe("mxfp4/g32/e8m0".replacingOccurrences(of: "mxfp4", with: "float4_e2m1fn")), named)
    }

    func testMXFP4WithBlocksOf16IsNotAnOCPFormat() throws {
        let d = try describe("mxfp4(block=16)")
        XCTAssertNil(d.standard)
        XCTAssertEqual(d.scheme, .scaled)
        XCTAssertEqual(d.group, "scaled fp")
        XCTAssertNotEqual(d.group, try describe("mxfp4").group)
        for spec in ["mxfp4(rule=ceil)", "mxfp4(rule=rceil)", "mxfp4(clip=mse)", "scaled(float4_e2m1fn, block=32, scale=fp32)",
                     "scaled(float4_e2m1fn, block=32, scale=e8m0, clip=0.9)"] {
            XCTAssertEqual(try describe(spec).scheme, .scaled, spec)
            XCTAssertNil(try describe(spec).standard, spec)
        }
    }

    func testStandardsAndSchemesOfTheNamedFormats() throws {
        let expected: [(String, FormatDescriptor.Scheme, FormatDescriptor.Standard?, String)] = [
            ("mxint8", .mx, .ocpMX, "MX int"), ("mxint8(sym)", .mx, nil, "MX int"), ("mxint6", .mx, nil, "MX int"),
            ("mxint4", .mx, nil, "MX int"), ("mxfp8_e4m3", .mx, .ocpMX, "MX fp"), ("mxfp8_e5m2", .mx, .ocpMX, "MX fp"),
            ("mxfp6_e2m3", .mx, .ocpMX, "MX fp"), ("mxfp6_e3m2", .mx, .ocpMX, "MX fp"), ("mxfp4", .mx, .ocpMX, "MX fp"),
            ("nvfp4", .nv, .nvidiaNV, "NV fp"), ("nvint4", .nv, nil, "NV int"), ("nvfp4(levels=1)", .scaled, nil, "scaled fp"),
            ("scaled(float4_e2m1fn, block=16, scale=float8_e4m3fn, tensor_scale)", .nv, .nvidiaNV, "NV fp"),
            ("scaled(fp:e2m1:finite, block=32, scale=float8_e8m0fnu)", .mx, .ocpMX, "MX fp"),
            ("mxfp8_e4m3(block=16)", .scaled, nil, "scaled fp"), ("int8/tensor", .scaled, nil, "scaled int"),
            ("bipolar:4/g32", .scaled, nil, "scaled bipolar"), ("power:4:0.5/g32", .scaled, nil, "scaled power"),
            ("nf4/g64", .scaled, nil, "scaled codebook"), ("float8_e4m3fn", .unscaled, nil, "fp"), ("int4", .unscaled, nil, "int"),
        ]
        for (spec, scheme, standard, group) in expected {
            let d = try describe(spec)
            XCTAssertEqual(d.scheme, scheme, spec)
            XCTAssertEqual(d.standard, standard, spec)
            XCTAssertEqual(d.group, group, spec)
        }
        XCTAssertNil(try describe("int4").scaling)
        XCTAssertEqual(try describe("uint4/g64/asym").scaling?.asymmetric, true)
        XCTAssertEqual(try describe("nvfp4").scaling?.secondLevel, true)
        XCTAssertEqual(try describe("int8/ch0").scaling?.granularity, .channel(axis: 0))
    }
}
