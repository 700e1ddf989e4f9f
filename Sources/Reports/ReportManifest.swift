import Experiments
import Foundation

/// Which files each report in a reports directory owns, and what wrote it: one JSON file per
/// report, `<reports>/.reports/<name>.json` (committed with the reports), `{"files": [...],
/// "source": "sweep Experiments/default.yaml"}`.
///
/// Before a report is written, `claim` refuses it when another source's report has the same name
/// (two specs `a/x.yaml` and `b/x.yaml`, a notebook and a sweep of one name) or when one of its
/// files belongs to another report (a notebook `x`'s `x-b1-*.svg` and a sweep `x-b1`); after it is
/// written, `publish` records its files and removes those its previous run wrote and this one did
/// not (charts it no longer draws). Files no manifest names (reports written before manifests
/// existed) are overwritten as before.
public struct ReportManifest: Codable, Sendable, Equatable {
    public var source: String
    public var files: [String]

    static func folder(_ directory: String) -> String { "\(directory)/.reports" }
    static func path(_ directory: String, _ name: String) -> String { "\(folder(directory))/\(name).json" }

    /// Every manifest in `directory`, by report name (unreadable ones are left out).
    static func all(in directory: String) -> [String: ReportManifest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder(directory))) ?? []
        var manifests: [String: ReportManifest] = [:]
        for file in names where file.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: "\(folder(directory))/\(file)"),
                  let manifest = try? JSONDecoder().decode(ReportManifest.self, from: data) else { continue }
            manifests[String(file.dropLast(5))] = manifest
        }
        return manifests
    }

    /// Checks that report `name` of `source` may write `files` in `directory`; returns the files
    /// its previous run wrote that this run does not (to remove once it is written).
    public static func claim(name: String, source: ReportSource, files: [String], directory: String) throws -> [String] {
        let manifests = all(in: directory)
        if let previous = manifests[name], previous.source != source.description {
            throw ReportCollisionError(message: "\(directory)/\(name).md is the report of \(previous.source); \(source) would overwrite it "
                + "(rename one of them, or write this one with --reports to another directory)")
        }
        for (other, manifest) in manifests.sorted(by: { $0.key < $1.key }) where other != name {
            if let file = files.first(where: manifest.files.contains) {
                throw ReportCollisionError(message: "\(directory)/\(file) is written by \(manifest.source) (report '\(other)'); "
                    + "\(source) (report '\(name)') would overwrite it (rename one of them, or use --reports to another directory)")
            }
        }
        let owned = Set(manifests.filter { $0.key != name }.flatMap(\.value.files))
        return (manifests[name]?.files ?? []).filter { !files.contains($0) && !owned.contains($0) }
    }

    /// Records that report `name` of `source` consists of `files`, and removes `stale` files.
    public static func publish(name: String, source: ReportSource, files: [String], stale: [String], directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write(encoder.encode(ReportManifest(source: source.description, files: files)), to: path(directory, name))
        for file in stale { try? FileManager.default.removeItem(atPath: "\(directory)/\(file)") }
    }
}

/// A report that would overwrite another report's files.
public struct ReportCollisionError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
