import Experiments
import Reference

extension SweepRunner {
    /// The linked GNU MPFR (the reference `quantlab verify` checks every format against), as
    /// every report and results file records it.
    public static var linkedMPFRVersion: String { MPFRValue.libraryVersion }

    /// This runner, recording the linked MPFR version in its results.
    func recordingLinkedVersions() -> SweepRunner {
        var runner = self
        runner.mpfrVersion = Self.linkedMPFRVersion
        return runner
    }
}
