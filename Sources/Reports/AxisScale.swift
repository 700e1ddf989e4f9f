import Foundation

/// A linear axis: a data interval widened to "nice" tick steps (1, 2, 2.5, 5 x 10^k) and mapped
/// onto a pixel interval.
public struct AxisScale: Sendable {
    public var lower: Double
    public var upper: Double
    public var step: Double
    /// Pixel positions of `lower` and `upper`.
    public var from: Double
    public var to: Double

    /// An axis covering `values` (and `include`, e.g. 0 for bars) with about `ticks` ticks.
    ///
    /// Any finite doubles are accepted, up to ±`greatestFiniteMagnitude`: differences are formed
    /// from halves (`(hi/2 - lo/2) / n * 2`, equal to `(hi - lo) / n` for normal numbers and never
    /// overflowing), a degenerate range is widened by 1 or by 1e-6 of its magnitude (whichever is
    /// larger, so rounding cannot absorb it) within the finite range, and a nice bound that would
    /// overflow is replaced by the data bound. Non-finite values are left out.
    public init(values: [Double], include: [Double] = [], pixels: (Double, Double), ticks: Int = 6) {
        let finite = (values + include).filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if hi - lo < 1e-12 {
            let pad = Swift.max(1, Swift.max(Swift.abs(lo), Swift.abs(hi)) * 1e-6)
            lo = Swift.max(lo - pad, -.greatestFiniteMagnitude)
            hi = Swift.min(hi + pad, .greatestFiniteMagnitude)
        }
        let raw = (hi / 2 - lo / 2) / Double(Swift.max(ticks - 1, 1)) * 2
        let magnitude = pow(10, floor(log10(raw)))
        step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let niceLower = floor(lo / step + 1e-9) * step, niceUpper = ceil(hi / step - 1e-9) * step
        lower = niceLower.isFinite ? niceLower : lo
        upper = niceUpper.isFinite ? niceUpper : hi
        from = pixels.0
        to = pixels.1
    }

    /// The pixel position of `x`.
    public func position(_ x: Double) -> Double {
        from + (x / 2 - lower / 2) / (upper / 2 - lower / 2) * (to - from)
    }

    /// The tick values from lower to upper (at most 100; a tick that would overflow is left out).
    public var ticks: [Double] {
        let count = ((upper / 2 - lower / 2) / step * 2).rounded()
        let n = count.isFinite ? Int(Swift.min(Swift.max(count, 0), 99)) : 0
        return (0...n).map { lower + Double($0) * step }.filter(\.isFinite)
    }
}

/// Colors for series, chosen to be told apart (Okabe-Ito / Tableau-like), in a fixed order.
public enum ChartPalette {
    public static let colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"]

    public static func color(_ i: Int) -> String { colors[i % colors.count] }
}
