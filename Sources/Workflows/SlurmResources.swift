import Foundation

/// What each Slurm job asks for: a partition, a time limit and CPUs per task. Validated when made,
/// because the values are written into `#SBATCH` lines of a shell script: a value that is not a
/// partition name or a time limit in Slurm's syntax is refused instead of being passed on.
public struct SlurmResources: Sendable, Equatable {
    /// `--partition`: one partition name or several joined by commas; nil: the cluster's default.
    public var partition: String?
    /// `--time`: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (sbatch(1)); nil: the
    /// partition's default limit.
    public var time: String?
    /// `--cpus-per-task` of each array task, also its `quantlab sweep --jobs`.
    public var cpusPerTask: Int

    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int = 1) throws {
        if let partition, partition.wholeMatch(of: #/[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*/#) == nil {
            throw ClusterError("--partition \(partition.debugDescription): not a Slurm partition name (letters, digits, '.', '_', '-'; several joined by ',')")
        }
        if let time, time.wholeMatch(of: #/[0-9]+(:[0-9]{1,2}){0,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}|UNLIMITED|INFINITE/#) == nil {
            throw ClusterError("--time \(time.debugDescription): not a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)")
        }
        guard cpusPerTask >= 1 else { throw ClusterError("--cpus \(cpusPerTask): each task needs at least 1 CPU") }
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
    }

    /// The `#SBATCH` lines of these resources.
    var directives: [String] {
        ["--cpus-per-task=\(cpusPerTask)"] + (partition.map { ["--partition=\($0)"] } ?? []) + (time.map { ["--time=\($0)"] } ?? [])
    }

    /// The CLI options that ask for these resources (for the script's header).
    var options: String {
        (partition.map { " --partition \($0)" } ?? "") + (time.map { " --time \($0)" } ?? "") + " --cpus \(cpusPerTask)"
    }
}
