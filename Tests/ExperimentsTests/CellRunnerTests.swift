import Foundation
import XCTest
@testable import Experiments
@testable import Workflows
import Formats
import Tensors

/// What a cell records about its format, and its saturated share, end to end.
final class CellRunnerTests: XCTestCase {
    func testGroupsComeFromWhatTheFormatIsNotItsName() throws {
        let spec = try SweepSpec(yaml: """
        data: [normal(shape=4x64)]
        formats: ["scaled(float4_e2m1fn, block=32, scale=e8m0)", mxfp4, mxfp4(block=16), nvfp4, int8/tensor, float8_e4m3fn]

        """, file: "groups.yaml")
        let cells = try SweepRunner(jobs: 1).run(spec).results.cells
        XCTAssertEqual(cells.map(\.group), ["MX fp", "MX fp", "scaled fp", "NV fp", "scaled int", "fp"])
        XCTAssertEqual(cells.map(\.family), ["fp", "fp", "fp", "fp", "int", "fp"])
    }

    /// Issue 9, item 22: the amax of an absmax-scaled tensor is not saturated, even where
    /// 127 * fl32(amax / 127) lies one ulp below it (the old limit counted it: share 1/4 here).
    func testTheAmaxOfAnAbsmaxScaleIsNotSaturated() throws {
        let dir = try TestSupport.scratch()
        let path = dir + "/amax.npy"
        let amax: Float = 1.990972638130188
        XCTAssertLessThan(127 * (amax / 127), amax)
        try NPYFile.write(Tensor(shape: [1, 4], values: [amax, 0.5, -1, 0.25]), to: path)
        let results = try Analysis(formats: ["int8/tensor", "int8"], source: path, blockSize: 4).run(runner: SweepRunner(jobs: 1))
        XCTAssertEqual(results.cells[0].tensors[0].original.saturatedShare, 0)
        XCTAssertEqual(results.cells[0].tensors[0].original.saturatedCount, 0)
        // Unscaled int8 keeps these values within 127.5: nothing saturates either.
        XCTAssertEqual(results.cells[1].tensors[0].original.saturatedCount, 0)
    }

    func testFloorRuleClippingIsSaturated() throws {
        let dir = try TestSupport.scratch()
        let path = dir + "/floor.npy"
        var x = [Float](repeating: 1, count: 32)
        x[0] = 957   // MXFP8 E4M3, floor rule: scale 2, values up to 928 round to 896; 957 is clipped
        x[1] = 900   // rounds to 896 anyway: not saturated
        try NPYFile.write(Tensor(shape: [1, 32], values: x), to: path)
        let results = try Analysis(formats: ["mxfp8_e4m3", "mxfp8_e4m3(rule=rceil)"], source: path).run(runner: SweepRunner(jobs: 1))
        XCTAssertEqual(results.cells.map { $0.tensors[0].original.saturatedCount }, [1, 0])
    }
}
