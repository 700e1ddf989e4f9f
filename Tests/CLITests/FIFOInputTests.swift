import Foundation
import XCTest

/// A FIFO given where a file is read (tensor, sweep spec, notebook, shard results) is refused at
/// once with one line naming it, instead of blocking until some writer appears.
final class FIFOInputTests: XCTestCase {
    func testFIFOInputsAreRefusedWithoutBlocking() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["x.npy", "m.safetensors", "s.yaml", "n.md", "r.json"] {
            XCTAssertEqual(mkfifo(dir.appendingPathComponent(name).path, 0o600), 0)
        }
        for arguments in [["quantize", "--format", "int8", "x.npy", "-o", "out.npy"], ["analyze", "--format", "int8", "m.safetensors"],
                          ["dequantize", "--format", "int8", "x.npy", "-o", "out.npy"], ["sweep", "s.yaml", "--reports", "out"],
                          ["notebook", "n.md", "--reports", "out"], ["merge", "r.json", "--reports", "out"]] {
            let outcome = try CLI.run(arguments, in: dir, timeout: 20)
            XCTAssertEqual(outcome.status, 1, "\(arguments): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains("FIFO") && outcome.stderr.contains(arguments.first { $0.contains(".") && $0 != "out.npy" }!),
                          "\(arguments): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
