import Reference

/// Version facts printed in every report (never a date, so reruns are byte-identical).
public enum QuantLabVersion {
    /// The QuantLab release; part of every cell's cache key, so results from an older build are
    /// never reused.
    public static let string = "0.1.0"

    /// The linked GNU MPFR version.
    public static var mpfr: String { MPFRValue.libraryVersion }
}
