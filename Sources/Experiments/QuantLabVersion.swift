/// The QuantLab release printed in every report (never a date, so reruns are byte-identical).
public enum QuantLabVersion {
    /// Part of every cell's cache key, so results from an older build are never reused.
    public static let string = "0.1.0"
}
