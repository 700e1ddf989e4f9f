import Foundation
import XCTest
@testable import Tensors

/// Safetensors selections with filters: exclude globs, ranks, dtypes; non-float tensors of a glob
/// or whole-file selection are skipped (and listed) instead of failing the load.
final class TensorSelectionTests: XCTestCase {
    /// A checkpoint like a small BERT: 2-D weights, 1-D LayerNorm weights and biases, and the
    /// I64 `position_ids` buffer.
    private func checkpoint() throws -> String {
        let dir = try makeTemporaryDirectory()
        let f32 = { (n: Int, v: Float) in (0 ..< n).flatMap { i in withUnsafeBytes(of: (v + Float(i)).bitPattern.littleEndian, Array.init) } }
        let i64 = (0 ..< 4).flatMap { withUnsafeBytes(of: Int64($0).littleEndian, Array.init) }
        let header = """
        {"encoder.layer.0.attention.weight":{"dtype":"F32","shape":[2,4],"data_offsets":[0,32]},\
        "encoder.layer.0.LayerNorm.weight":{"dtype":"F32","shape":[4],"data_offsets":[32,48]},\
        "encoder.layer.0.attention.bias":{"dtype":"F32","shape":[4],"data_offsets":[48,64]},\
        "encoder.layer.1.attention.weight":{"dtype":"F32","shape":[2,4],"data_offsets":[64,96]},\
        "embeddings.position_ids":{"dtype":"I64","shape":[1,4],"data_offsets":[96,128]}}
        """
        let bytes = TensorFileFuzzer.safetensorsImage(header: header, data: f32(8, 1) + f32(4, 10) + f32(4, 20) + f32(8, 30) + i64)
        let path = dir + "/bert.safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testWholeFileSkipsNonFloatTensorsInsteadOfFailing() throws {
        let path = try checkpoint()
        let loaded = try TensorSource(parsing: path).load()
        XCTAssertEqual(loaded.map(\.name), ["encoder.layer.0.LayerNorm.weight", "encoder.layer.0.attention.bias",
                                            "encoder.layer.0.attention.weight", "encoder.layer.1.attention.weight"])
        let listing = try TensorSource(parsing: path).inspect()
        XCTAssertEqual(listing.skipped.map(\.name), ["embeddings.position_ids"])
        XCTAssertEqual(listing.skipped.map(\.dtype), ["I64"])
        XCTAssertEqual(listing.tensors.map(\.shape), [[4], [4], [2, 4], [2, 4]])
    }

    func testExcludeAndRankFilters() throws {
        let path = try checkpoint()
        let byRank = try TensorSource(parsing: path + ":encoder.layer.*.weight;rank=2").load().map(\.name)
        XCTAssertEqual(byRank, ["encoder.layer.0.attention.weight", "encoder.layer.1.attention.weight"])
        let excluded = try TensorSource(parsing: path + ":encoder.layer.*;exclude=*LayerNorm*,*.bias").load().map(\.name)
        XCTAssertEqual(excluded, ["encoder.layer.0.attention.weight", "encoder.layer.1.attention.weight"])
        assertError(try TensorSource(parsing: path + ":*;dtype=I64"), contains: "dtype 'I64' cannot be read")
        assertError(try TensorSource(parsing: path + ":encoder.*;rank=3").load(),
                    contains: "bert.safetensors", "no tensor left", "'encoder.*;rank=3'", "4 matched", "4 of another rank")
    }

    func testExactNameOfANonFloatTensorIsAnError() throws {
        let path = try checkpoint()
        assertError(try TensorSource(parsing: path + ":embeddings.position_ids").load(), contains: "position_ids", "unsupported dtype 'I64'")
    }

    func testSelectionSyntaxRoundTripsAndRefusesMistakes() throws {
        let source = try TensorSource(parsing: "m.safetensors:enc.*.weight;dtype=F32,BF16;exclude=*norm*;rank=2,1")
        XCTAssertEqual(source.description, "m.safetensors:enc.*.weight;exclude=*norm*;rank=1,2;dtype=BF16,F32")
        XCTAssertEqual(try TensorSource(parsing: source.description), source)
        assertError(try TensorSource(parsing: "m.safetensors:*;ranks=2"), contains: "unknown filter 'ranks'", "exclude, rank, dtype")
        assertError(try TensorSource(parsing: "m.safetensors:*;rank=2;rank=3"), contains: "'rank' given twice")
        assertError(try TensorSource(parsing: "m.safetensors:*;rank=two"), contains: "rank 'two'")
        assertError(try TensorSource(parsing: "m.safetensors:*;dtype=F33"), contains: "dtype 'F33'", "F32")
        assertError(try TensorSource(parsing: "m.safetensors:*;exclude="), contains: "empty")
        assertError(try TensorSource(parsing: "m.safetensors:;rank=2"), contains: "empty tensor name")
    }

    /// The content stream is what the tensors are read from: the same for inspect and load, and
    /// it changes with a selected tensor's bytes but not with an unselected one's.
    func testContentBytesCoverWhatIsRead() throws {
        let path = try checkpoint()
        let source = try TensorSource(parsing: path + ":encoder.layer.0.*;rank=2")
        var inspected: [UInt8] = [], loaded: [UInt8] = []
        _ = try source.inspect { inspected += $0 }
        _ = try source.load { loaded += $0 }
        XCTAssertEqual(inspected, loaded)
        XCTAssertTrue(inspected.count > 32)
        var image = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let dataStart = image.count - 128
        image[dataStart + 70] ^= 1   // layer 1: not selected
        try Data(image).write(to: URL(fileURLWithPath: path))
        var same: [UInt8] = []
        _ = try source.inspect { same += $0 }
        XCTAssertEqual(same, inspected)
        image[dataStart + 5] ^= 1   // layer 0 attention weight: selected
        try Data(image).write(to: URL(fileURLWithPath: path))
        var changed: [UInt8] = []
        _ = try source.inspect { changed += $0 }
        XCTAssertNotEqual(changed, inspected)
    }
}
