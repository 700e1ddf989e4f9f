import Foundation

/// Progress of a sweep on stderr: on a terminal, one bar redrawn in place with done/total and an
/// ETA; otherwise one plain line per finished cell (logs stay readable). Thread-safe.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let write: @Sendable (String) -> Void
    private var total = 0
    private var done = 0
    private var start = Date()

    /// Reports to stderr, as a bar when stderr is a terminal.
    public convenience init() {
        self.init(interactive: isatty(STDERR_FILENO) != 0) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Reports through `write` (tests pass a collector).
    public init(interactive: Bool, write: @escaping @Sendable (String) -> Void) {
        self.interactive = interactive
        self.write = write
    }

    /// Starts a run of `total` cells to compute (`cached` were read back from the results cache).
    func begin(total: Int, cached: Int) {
        lock.lock(); defer { lock.unlock() }
        self.total = total
        done = 0
        start = Date()
        write("sweep: \(total) cell\(total == 1 ? "" : "s") to compute, \(cached) cached\n")
    }

    /// One cell finished.
    func finished(_ cell: SweepCell) { finished(label: cell.label) }

    /// One cell finished, named `label`.
    func finished(label: String) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        let elapsed = Date().timeIntervalSince(start)
        let eta = done == 0 ? 0 : elapsed / Double(done) * Double(total - done)
        if interactive {
            let width = 30, filled = total == 0 ? width : width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            write("\r[\(bar)] \(done)/\(total)  ETA \(Self.seconds(eta))   " + (done == total ? "\n" : ""))
        } else {
            write("[\(done)/\(total)] \(label)  (ETA \(Self.seconds(eta)))\n")
        }
    }

    static func seconds(_ t: Double) -> String {
        t < 60 ? String(format: "%.0fs", t) : String(format: "%dm%02ds", Int(t) / 60, Int(t) % 60)
    }
}
