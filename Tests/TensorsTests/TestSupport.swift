import Foundation
import XCTest
@testable import Tensors

/// A fresh temporary directory for one test, removed by `tearDown`-style `defer`.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tensors-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Asserts that `body` throws a `TensorError` whose one-line description contains every fragment.
func assertError<T>(_ body: @autoclosure () throws -> T, contains fragments: String..., file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch let error as TensorError {
        let text = error.description
        XCTAssertFalse(text.contains("\n"), "multi-line error: \(text)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(text.contains(fragment), "'\(text)' lacks '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error type \(error)", file: file, line: line)
    }
}

/// Bitwise equality, so NaN payloads and -0 are compared exactly.
func assertSameBits(_ a: [Float], _ b: [Float], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), file: file, line: line)
}

/// Mean, standard deviation and kurtosis (fourth standardized moment, 3 for a normal) in Double.
func moments(_ values: [Float]) -> (mean: Double, std: Double, kurtosis: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0.0) { $0 + Double($1) } / n
    var m2 = 0.0, m4 = 0.0
    for v in values {
        let d = Double(v) - mean
        m2 += d * d
        m4 += d * d * d * d
    }
    m2 /= n
    m4 /= n
    return (mean, m2.squareRoot(), m4 / (m2 * m2))
}
