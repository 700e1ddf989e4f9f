import Foundation
import XCTest
@testable import Tensors

final class TensorSourceTests: XCTestCase {
    func testSyntheticSpecsRoundTrip() throws {
        for spec in [
            "normal(shape=256x1024, mean=0, std=1, seed=7)", "laplace(shape=16, scale=1)", "student_t(shape=4x4, nu=3)",
            "uniform(shape=8, low=-1, high=1)", "lognormal(shape=8, mu=0, sigma=1)", "outliers(shape=32x64, channels=4, factor=50)",
            "normal(shape=3, std=0.1, mean=-2.5e-3)",
        ] {
            let source = try TensorSource(parsing: spec, defaultSeed: 42)
            XCTAssertEqual(try TensorSource(parsing: source.description, defaultSeed: 0), source, spec)
        }
        let s = try TensorSource(parsing: " normal( shape = 2x3 , std=0.1 ) ", defaultSeed: 5)
        XCTAssertEqual(s, .synthetic(SyntheticTensor(.normal(mean: 0, std: 0.1), shape: [2, 3], seed: 5)))
        XCTAssertEqual(s.description, "normal(shape=2x3, mean=0, std=0.1, seed=5)")
        XCTAssertEqual(try TensorSource(parsing: "laplace(shape=4)").description, "laplace(shape=4, loc=0, scale=1, seed=0)")
    }

    func testFileSpecs() throws {
        XCTAssertEqual(try TensorSource(parsing: "data/acts.npy"), .npy(path: "data/acts.npy"))
        XCTAssertEqual(try TensorSource(parsing: "model.safetensors"), .safetensors(path: "model.safetensors", select: nil))
        let globbed = try TensorSource(parsing: "m/model.safetensors:encoder.layer.*.weight")
        XCTAssertEqual(globbed, .safetensors(path: "m/model.safetensors", select: "encoder.layer.*.weight"))
        XCTAssertEqual(globbed.description, "m/model.safetensors:encoder.layer.*.weight")
    }

    func testLoadEveryKind() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try NPYFile.write(Tensor(shape: [2], values: [1, 2]), to: dir + "/a.npy")
        try SafetensorsFile.write([("x.w", Tensor(shape: [1], values: [3])), ("y.w", Tensor(shape: [1], values: [4]))], to: dir + "/m.safetensors")
        XCTAssertEqual(try TensorSource(parsing: dir + "/a.npy").load().map(\.tensor.values), [[1, 2]])
        XCTAssertEqual(try TensorSource(parsing: dir + "/m.safetensors:y.*").load().map(\.name), ["y.w"])
        let synthetic = try TensorSource(parsing: "uniform(shape=2x5, seed=1)").load()
        XCTAssertEqual(synthetic.first?.name, "uniform(shape=2x5, low=-1, high=1, seed=1)")
        XCTAssertEqual(synthetic.first?.tensor.shape, [2, 5])
    }

    func testSpecErrorsNameTheProblem() {
        assertError(try TensorSource(parsing: "gaussian(shape=4)"), contains: "unknown distribution 'gaussian'", "normal, laplace, student_t, uniform, lognormal, outliers")
        assertError(try TensorSource(parsing: "normal(shape=4, sd=1)"), contains: "normal", "unknown parameter 'sd'", "shape, mean, std, seed")
        assertError(try TensorSource(parsing: "normal(shape=4, std=abc)"), contains: "normal", "std=abc", ">= 0")
        assertError(try TensorSource(parsing: "normal(shape=4, std=-1)"), contains: "std=-1")
        assertError(try TensorSource(parsing: "normal(shape=4, mean=nan)"), contains: "mean=nan", "finite")
        assertError(try TensorSource(parsing: "laplace(shape=4, scale=0)"), contains: "laplace", "scale=0", "> 0")
        assertError(try TensorSource(parsing: "student_t(shape=4, nu=0)"), contains: "student_t", "nu=0")
        assertError(try TensorSource(parsing: "uniform(shape=4, low=1, high=1)"), contains: "uniform", "high=1", "low=1")
        assertError(try TensorSource(parsing: "outliers(shape=4x8, channels=9)"), contains: "outliers", "channels=9", "8 columns")
        assertError(try TensorSource(parsing: "outliers(shape=4x8, channels=1.5)"), contains: "channels=1.5", "integer")
        assertError(try TensorSource(parsing: "normal(mean=1)"), contains: "normal", "shape", "missing")
        assertError(try TensorSource(parsing: "normal(shape=4x0)"), contains: "shape=4x0", "positive")
        assertError(try TensorSource(parsing: "normal(shape=100000x100000)"), contains: "shape=100000x100000", "2^32")
        assertError(try TensorSource(parsing: "normal(shape=4, seed=-1)"), contains: "seed=-1")
        assertError(try TensorSource(parsing: "normal(shape=4, shape=5)"), contains: "shape=5", "twice")
        assertError(try TensorSource(parsing: "normal(shape=4, 7)"), contains: "'7' is not key=value")
        assertError(try TensorSource(parsing: "weights.bin"), contains: "'weights.bin'", ".npy", ".safetensors")
        assertError(try TensorSource(parsing: "model.safetensors:"), contains: "empty tensor name")
    }
}
