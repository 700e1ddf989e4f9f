import Foundation

/// What writes a report: a sweep spec or a notebook, named by its path relative to the folder
/// that holds the reports directory (the repository root for `Reports/`), whatever the current
/// directory or the spelling of the path (`./x.yaml`, an absolute path, a symlinked folder).
public struct ReportSource: Sendable, Equatable, CustomStringConvertible {
    public var kind: String
    public var path: String

    /// A sweep report; `spec` nil is the built-in default sweep, named by its file in the
    /// repository (`DefaultSweep.file`), so it is the same report as that file run explicitly.
    public static func sweep(_ spec: String?, reportsDirectory: String) -> ReportSource {
        ReportSource(kind: "sweep", path: spec.map { relative($0, reportsDirectory: reportsDirectory) } ?? "Experiments/default.yaml")
    }

    public static func notebook(_ path: String, reportsDirectory: String) -> ReportSource {
        ReportSource(kind: "notebook", path: relative(path, reportsDirectory: reportsDirectory))
    }

    public var description: String { "\(kind) \(path)" }

    /// `path` relative to the parent of `reportsDirectory`, both made absolute against the current
    /// directory with `.`/`..` and symlinks resolved.
    static func relative(_ path: String, reportsDirectory: String) -> String {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        func components(_ p: String) -> [String] {
            URL(fileURLWithPath: p, relativeTo: cwd).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        }
        let target = components(path)
        // Not NSString.deletingLastPathComponent: swift-corelibs-foundation 6.3 traps on a path
        // without a slash ("Reports").
        let root = URL(fileURLWithPath: reportsDirectory, relativeTo: cwd).standardizedFileURL
            .deletingLastPathComponent().resolvingSymlinksInPath().pathComponents
        let shared = zip(target, root).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: root.count - shared) + target[shared...]).joined(separator: "/")
    }
}
