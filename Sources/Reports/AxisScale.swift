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
    public init(values: [Double], include: [Double] = [], pixels: (Double, Double), ticks: Int = 6) {
        let finite = (values + include).filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if hi - lo < 1e-12 { lo -= 1; hi += 1 }
        let raw = (hi - lo) / Double(max(ticks - 1, 1))
        let magnitude = pow(10, floor(log10(raw)))
        step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        lower = floor(lo / step + 1e-9) * step
        upper = ceil(hi / step - 1e-9) * step
        from = pixels.0
        to = pixels.1
    }

    /// The pixel position of `x`.
    public func position(_ x: Double) -> Double {
        from + (x - lower) / (upper - lower) * (to - from)
    }

    /// The tick values from lower to upper.
    public var ticks: [Double] {
        let n = Int(((upper - lower) / step).rounded())
        return (0...n).map { lower + Double($0) * step }
    }
}

/// Colors for series, chosen to be told apart (Okabe-Ito / Tableau-like), in a fixed order.
public enum ChartPalette {
    public static let colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"]

    public static func color(_ i: Int) -> String { colors[i % colors.count] }
}
