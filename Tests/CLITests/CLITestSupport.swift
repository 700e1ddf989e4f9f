import Foundation
import XCTest

/// Runs the built `quantlab` binary (built by `swift build --build-tests` with the tests).
enum CLI {
    struct Outcome {
        let status: Int32; let stdout: String; let stderr: String
        /// stdout as bytes (binary output such as `-o -`).
        var stdoutData = Data()
    }

    static var binary: URL {
        // The tests run from the build products folder (or a bundle inside it), where the
        // quantlab executable is built beside them.
        let bundle = Bundle(for: Marker.self).bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("quantlab") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    final class Marker {}

    /// Runs `quantlab` (or `executable`) with `arguments` in `directory`, with the test's environment
    /// plus `environment` (or exactly `replacingEnvironment`); after `timeout` seconds it is
    /// terminated (status SIGTERM) so a hang fails a test.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                    replacingEnvironment: [String: String]? = nil, executable: URL? = nil, timeout: Double? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        if let replacingEnvironment { process.environment = replacingEnvironment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { if process.isRunning { process.terminate() } }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self), stdoutData: stdout)
    }

    /// A fresh temporary folder for one test.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quantlab-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A .npy file image: magic, version 1.0, the header dict padded to 64 bytes, then `data`.
    static func npy(descr: String, fortran: Bool = false, shape: [Int], data: [UInt8]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = UInt16(header.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + data
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v -> [UInt8] in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }
}
