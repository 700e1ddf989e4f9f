import Experiments

/// The Slurm job script of a sharded sweep: one bash file that submits itself twice and then runs
/// as either job.
///
/// - `bash NAME.slurm.sh [--wait]` (on a login node) submits a job array of `shards` tasks and a
///   merge job that depends on it (`--dependency=afterok:<array>`, `--kill-on-invalid-dep=yes`, so
///   a failed task cancels the merge instead of leaving it pending forever); with `--wait` it
///   returns when the merge job ends, with its status (`sbatch --wait`).
/// - Array task i runs `quantlab sweep SPEC --shard i/shards`: its cells, stored one file per cell
///   in `<reports>/.cache/` as each finishes, and its slice `<reports>/NAME.shard-i-of-N.json`.
/// - The merge job runs `quantlab merge` over the N slice files into `<reports>/NAME.md`.
///
/// Every job first changes to `workingDirectory`, where the spec was validated, and passes the
/// spec and reports paths exactly as given, so relative data paths resolve as they did and the
/// merged report is byte-identical to a single `quantlab sweep SPEC` run there. Resubmitting after
/// a failure reruns every task; each rereads the cells already stored and computes only the rest.
public struct SlurmArrayScript: Sendable, Equatable {
    /// The spec path as given (relative to `workingDirectory`, or absolute), and the report name.
    public var specPath: String
    public var name: String
    /// The shared results folder, as given.
    public var reportsDirectory: String
    /// Array tasks (sweep slices), at least 1.
    public var shards: Int
    public var resources: SlurmResources
    /// The `quantlab` executable the jobs run (absolute).
    public var quantlabPath: String
    /// Where the jobs run (absolute).
    public var workingDirectory: String

    /// `<reports>/<name>.slurm.sh`.
    public var path: String { "\(reportsDirectory)/\(name).slurm.sh" }
    /// Slurm's output files of the tasks and the merge job: `<reports>/.slurm/`.
    public var logDirectory: String { "\(reportsDirectory)/.slurm" }
    /// The slice files the tasks write and the merge job reads.
    public var shardFiles: [String] {
        (1...shards).map { i in
            "\(reportsDirectory)/\(SweepJob.shardFileName(name: name, shard: try! Shard(index: i, count: shards)))"
        }
    }

    /// The script.
    public var text: String {
        let n = shards
        let jobName = "quantlab-" + String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        let lines = [
            "#!/bin/bash",
            "# Slurm jobs of the QuantLab sweep \(specPath) in \(n) array task\(n == 1 ? "" : "s"), written by",
            "#   quantlab cluster slurm \(specPath) --shards \(n)\(resources.options) --reports \(reportsDirectory)",
            "# Submit:  bash \(path) [--wait]",
            "#   Array task i of 1-\(n) runs `quantlab sweep \(specPath) --shard i/\(n)`: each finished cell is stored",
            "#   in \(reportsDirectory)/.cache/, the slice in \(reportsDirectory)/\(name).shard-i-of-\(n).json. Then a merge job",
            "#   (afterok on the array) runs `quantlab merge` into \(reportsDirectory)/\(name).md. --wait returns when it ends.",
            "# If a task fails the merge job is cancelled: submit again; every task rereads the cells",
            "# already stored and computes only the missing ones. Logs: \(logDirectory)/.",
        ] + resources.directives.map { "#SBATCH \($0)" } + [
            "#SBATCH --job-name=\(jobName)",
            "set -euo pipefail",
            #"script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")""#,
            "cd \(workingDirectory.shellQuoted)",
            "quantlab=\(quantlabPath.shellQuoted)",
            "spec=\(specPath.shellQuoted)",
            "reports=\(reportsDirectory.shellQuoted)",
            "logs=\(logDirectory.shellQuoted)",
            "name=\(name.shellQuoted)",
            "shard_files=(",
        ] + shardFiles.map { "  \($0.shellQuoted)" } + [
            ")",
            #"case "${1:-}" in"#,
            "shard)",
            #"  exec "$quantlab" sweep "$spec" --reports "$reports" --jobs \#(resources.cpusPerTask) \"#,
            #"    --shard "${SLURM_ARRAY_TASK_ID:?is not set: shards run as tasks of the Slurm array}/\#(n)" ;;"#,
            "merge)",
            #"  exec "$quantlab" merge --spec "$spec" --reports "$reports" "${shard_files[@]}" ;;"#,
            #"""|--wait)"#,
            #"  if [ -n "${SLURM_JOB_ID:-}" ]; then echo "$script: submit it with bash on a login node, not with sbatch" >&2; exit 2; fi"#,
            #"  if ! command -v sbatch >/dev/null; then"#,
            #"    echo "$script: sbatch not found on PATH: Slurm's client commands are needed (Debian/Ubuntu package slurm-client)" >&2; exit 1"#,
            "  fi",
            #"  mkdir -p "$logs""#,
            #"  array=$(sbatch --parsable --array=1-\#(n) --output="$logs/$name-%A_%a.out" "$script" shard)"#,
            #"  array=${array%%;*}"#,
            #"  echo "submitted array job $array: \#(n) task\#(n == 1 ? "" : "s") of quantlab sweep --shard i/\#(n) (logs in $logs/)""#,
            #"  if merge=$(sbatch --parsable ${1:+--wait} --dependency="afterok:$array" --kill-on-invalid-dep=yes \"#,
            #"      --cpus-per-task=1 --job-name=\#(jobName)-merge --output="$logs/$name-merge-%j.out" "$script" merge); then"#,
            #"    merge=${merge%%;*}"#,
            #"    if [ -n "${1:-}" ]; then echo "merge job $merge finished: wrote $reports/$name.md""#,
            #"    else echo "submitted merge job $merge: runs when every task succeeded, writes $reports/$name.md"; fi"#,
            "  else",
            #"    echo "$script: merge job ${merge%%;*} did not finish: a task failed or was cancelled, or the merge failed (see $logs/); submit again to compute the missing cells" >&2"#,
            "    exit 1",
            "  fi ;;",
            "*)",
            #"  echo "usage: bash $script [--wait]" >&2; exit 2 ;;"#,
            "esac",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
