import Formats
import Models
import Transforms
import XCTest

final class QuantizedInferenceTests: XCTestCase {
    func sentences() throws -> [String] { Array(try ModelFixture.corpus().prefix(24)) + Array(try ModelFixture.corpus().suffix(12)) }

    /// A randomized Hadamard rotation of both operands without quantization leaves the product exact
    /// up to FP32 rounding; W8A8 per channel / per token stays close to FP32; W4 drifts further.
    func testRotationIsTransparentAndErrorsGrowWithFewerBits() throws {
        let embedder = try ModelFixture.embedder()
        let texts = try sentences()
        let fp32 = try embedder.encoder()
        func compare(_ scheme: QuantizationScheme) throws -> ModelComparison {
            try ModelComparison(embedder, sentences: texts, reference: fp32, other: try embedder.encoder(scheme))
        }
        let rotated = try compare(QuantizationScheme(weights: nil, activations: nil, hadamard: "128", randomSigns: 7, exceptions: []))
        XCTAssertGreaterThan(rotated.embeddings.worstCosine, 0.99999)
        XCTAssertTrue(rotated.layers.allSatisfy { $0.qsnrDB > 90 }, "\(rotated.layers)")
        let w8a8 = try compare(QuantizationScheme(weights: "int8/ch0", activations: "int8/ch0", hadamard: nil, randomSigns: nil, exceptions: []))
        XCTAssertGreaterThan(w8a8.embeddings.worstCosine, 0.99)
        XCTAssertGreaterThan(w8a8.embeddings.spearman, 0.99)
        let w4 = try compare(QuantizationScheme(weights: "int4/ch0", activations: "int8/ch0", hadamard: nil, randomSigns: nil, exceptions: []))
        XCTAssertLessThan(w4.embeddings.meanCosine, w8a8.embeddings.meanCosine)
        XCTAssertLessThan(w4.layers.last!.qsnrDB, w8a8.layers.last!.qsnrDB)
    }

    /// An exception replaces the formats at the sites it matches: keeping every site in FP32 through
    /// exceptions gives exactly the FP32 model.
    func testExceptionsOverrideTheDefaultFormats() throws {
        let embedder = try ModelFixture.embedder()
        let texts = Array(try sentences().prefix(6))
        let all = try QuantizationScheme(weights: "mxfp4", activations: "mxfp4", hadamard: nil, randomSigns: nil,
                                         exceptions: ["layer.*:w=fp32,a=fp32"])
        XCTAssertEqual(all.operands(at: "layer.3.ffn_out").weights == nil, true)
        let fp32 = try embedder.embed(texts, with: try embedder.encoder()).values
        XCTAssertEqual(try embedder.embed(texts, with: try embedder.encoder(all)).values, fp32)
        let ffnOutOnly = try QuantizationScheme(weights: "mxfp4", activations: "mxfp4", hadamard: nil, randomSigns: nil,
                                                exceptions: ["layer.*.ffn_out:a=int8/ch0"])
        XCTAssertEqual(ffnOutOnly.operands(at: "layer.2.ffn_out").activations?.name, "int8/ch0")
        XCTAssertEqual(ffnOutOnly.operands(at: "layer.2.ffn_out").weights?.name, "mxfp4")
        XCTAssertEqual(ffnOutOnly.operands(at: "layer.2.qkv").activations?.name, "mxfp4")
    }

    /// A block longer than the reduction axis (384 at qkv), scales across the reduction axis, or a
    /// Hadamard block that does not divide it: one error naming the site.
    func testFormatsThatCannotApplyNameTheSite() throws {
        let embedder = try ModelFixture.embedder()
        let cases: [(QuantizationScheme, String)] = [
            (try QuantizationScheme(weights: "int4/g512", activations: nil, hadamard: nil, randomSigns: nil, exceptions: []),
             "format 'int4/g512' cannot apply to site layer.0.qkv: its block of 512 is longer than the reduction axis of the weights (384)"),
            (try QuantizationScheme(weights: nil, activations: "int8/ch1", hadamard: nil, randomSigns: nil, exceptions: []),
             "format 'int8/ch1' cannot apply to site layer.0.qkv"),
            (try QuantizationScheme(weights: nil, activations: nil, hadamard: "full", randomSigns: nil, exceptions: []),
             "format 'hadamard' cannot apply to site layer.0.qkv"),
        ]
        for (scheme, message) in cases {
            XCTAssertThrowsError(try embedder.encoder(scheme)) { error in
                XCTAssertTrue("\(error)".hasPrefix(message), "\(error)")
            }
        }
    }

    func testBadExceptionsAreRefused() {
        XCTAssertThrowsError(try QuantizationScheme(weights: nil, activations: nil, hadamard: nil, randomSigns: nil, exceptions: ["layer.*.mlp:a=int8"])) {
            XCTAssertTrue("\($0)".contains("matches no site"), "\($0)")
        }
        XCTAssertThrowsError(try QuantizationScheme(weights: nil, activations: nil, hadamard: nil, randomSigns: nil, exceptions: ["layer.*.qkv:x=int8"])) {
            XCTAssertTrue("\($0)".contains("'x=int8' is not w=SPEC or a=SPEC"), "\($0)")
        }
    }
}
