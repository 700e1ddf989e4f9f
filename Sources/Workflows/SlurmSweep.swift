import Experiments
import Foundation

/// What `quantlab cluster slurm` does, as library calls: check the request (the spec validates,
/// 1 <= shards <= cells, the resources are Slurm syntax, the executable exists) before anything
/// is written, write the job script (`SlurmArrayScript`), and submit it by running it.
public struct SlurmSweep: Sendable {
    public var specPath: String
    /// The shared results folder (reports, per-cell cache, slices, Slurm logs).
    public var reportsDirectory: String
    public var shards: Int
    public var resources: SlurmResources
    /// The `quantlab` the jobs run; made absolute against `workingDirectory`.
    public var quantlabPath: String
    public var workingDirectory: String

    public init(specPath: String, reportsDirectory: String = "Reports", shards: Int, resources: SlurmResources,
                quantlabPath: String, workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.specPath = specPath
        self.reportsDirectory = reportsDirectory
        self.shards = shards
        self.resources = resources
        self.workingDirectory = workingDirectory
        self.quantlabPath = quantlabPath.hasPrefix("/") ? quantlabPath : "\(workingDirectory)/\(quantlabPath)"
    }

    /// The script for this request, after every check that can run before submitting: the number
    /// of tasks, paths that fit in a shell script, the executable, and the whole spec validation
    /// (`SweepSpec(path:)`: keys, formats, transforms, data files).
    public func script() throws -> SlurmArrayScript {
        guard shards >= 1 else { throw ClusterError("--shards \(shards): a job array needs at least 1 task") }
        let paths = [("the spec path", specPath), ("--reports", reportsDirectory), ("--quantlab", quantlabPath),
                     ("the working directory", workingDirectory)]
        if let (what, _) = paths.first(where: { $0.1.contains(where: \.isNewline) }) {
            throw ClusterError("\(what) contains a line break, which a job script cannot carry")
        }
        guard FileManager.default.isExecutableFile(atPath: quantlabPath) else {
            throw ClusterError("--quantlab '\(quantlabPath)': not an executable file")
        }
        let (spec, name) = try SweepJob(specPath: specPath, reportsDirectory: reportsDirectory).loadSpec()
        let cells = spec.cells().count
        guard shards <= cells else {
            throw ClusterError("--shards \(shards): \(specPath) has \(cells) cell\(cells == 1 ? "" : "s"), so at most \(cells) tasks have work")
        }
        return SlurmArrayScript(specPath: specPath, name: name, reportsDirectory: reportsDirectory, shards: shards,
                                resources: resources, quantlabPath: quantlabPath, workingDirectory: workingDirectory)
    }

    /// Writes `script` (atomically, executable) and creates its log folder, which Slurm needs
    /// before a job starts.
    public func write(_ script: SlurmArrayScript) throws {
        try AtomicFile.write(script.text, to: script.path)
        guard chmod(script.path, 0o755) == 0 else { throw ClusterError("\(script.path): cannot make it executable") }
        do {
            try FileManager.default.createDirectory(atPath: script.logDirectory, withIntermediateDirectories: true)
        } catch {
            throw ClusterError("\(script.logDirectory): cannot create the Slurm log folder")
        }
    }

    /// The `sbatch` on `PATH`, or an error naming the package that provides it.
    public static func sbatch(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> String {
        let folders = (searchPath ?? "").split(separator: ":").map(String.init)
        guard let found = folders.map({ "\($0)/sbatch" }).first(where: FileManager.default.isExecutableFile) else {
            throw ClusterError("sbatch not found on PATH: submitting needs Slurm's client commands (Debian/Ubuntu package slurm-client; on a cluster, a login node has them); nothing was written or submitted")
        }
        return found
    }

    /// Runs the script's submit mode (`bash SCRIPT [--wait]`), which prints the job ids (and, with
    /// `wait`, returns when the merge job ends); returns its exit status.
    public func submit(_ script: SlurmArrayScript, wait: Bool) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path] + (wait ? ["--wait"] : [])
        do {
            try process.run()
        } catch {
            throw ClusterError("cannot run /bin/bash \(script.path): \(error)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The running executable (`/proc/self/exe` on Linux), the default `quantlabPath`.
    public static var runningExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
