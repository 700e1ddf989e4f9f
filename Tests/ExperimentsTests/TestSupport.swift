import Foundation
import XCTest
@testable import Experiments

/// Shared fixtures: a tiny sweep and scratch directories.
enum TestSupport {
    static let tinyYAML = """
    title: Tiny
    description: A tiny sweep for tests.
    seed: 11
    data:
      - normal(shape=8x64)
      - {name: heavy, source: "student_t(shape=8x64, nu=3)"}
    transforms: [none, "hadamard:32:random"]
    formats: [int8/tensor, mxfp4, float8_e4m3fn]
    rounding: [nearest-even, stochastic]

    """

    static func tinySpec() throws -> SweepSpec { try SweepSpec(yaml: tinyYAML, file: "tiny.yaml") }

    /// The error reading `yaml` as `bad.yaml` throws, as text ("no error" when it parses).
    static func specError(_ yaml: String) -> String {
        do {
            _ = try SweepSpec(yaml: yaml, file: "bad.yaml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// A fresh empty directory under the system temporary directory.
    static func scratch(_ name: String = #function) throws -> String {
        let dir = NSTemporaryDirectory() + "quantlab-tests-\(name.filter(\.isLetter))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The repository root (for files such as Experiments/default.yaml).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every file under `dir` (relative paths, sorted), hidden ones included.
    static func files(in dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { path in
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir)
            return !isDir.boolValue
        }.sorted()
    }

    /// The text of a file.
    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}
