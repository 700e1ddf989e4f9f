/// A line chart: one colored line with point markers per series, over a numeric x axis. Points
/// are drawn in the given order (sort them by x first); non-finite points are left out. Each
/// point may carry a short label drawn beside it; labels that would overlap are moved apart in
/// the vertical order of their points (`LabelLayout`). A series' `Style` may drop the line (a
/// scatter: points that do not lie along one parameter must not be joined) or the markers (a
/// curve); `colors` may give several series one palette color (a model curve and its measurements).
public struct LineChart: Sendable {
    public enum Style: Sendable {
        case linesAndMarkers, markers, line, dashedLine

        var joined: Bool { self != .markers }
        var marked: Bool { self == .linesAndMarkers || self == .markers }

        var swatch: ChartFrame.Swatch {
            switch self {
            case .linesAndMarkers: return .box
            case .markers: return .dot
            case .line: return .line
            case .dashedLine: return .dash
            }
        }
    }

    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var label: String?
        public init(x: Double, y: Double, label: String? = nil) { self.x = x; self.y = y; self.label = label }
    }

    public var title: String
    public var yLabel: String
    public var xLabel: String
    public var series: [(name: String, points: [Point])]
    /// Per series (default `linesAndMarkers`).
    public var styles: [Style]
    /// Per series, the palette index (default: the series' own index).
    public var colors: [Int]

    public init(title: String, yLabel: String, xLabel: String, series: [(name: String, points: [Point])],
                styles: [Style] = [], colors: [Int] = []) {
        self.title = title; self.yLabel = yLabel; self.xLabel = xLabel
        self.series = series.map { ($0.name, $0.points.filter { $0.x.isFinite && $0.y.isFinite }) }
        self.styles = series.indices.map { $0 < styles.count ? styles[$0] : .linesAndMarkers }
        self.colors = series.indices.map { $0 < colors.count ? colors[$0] : $0 }
    }

    /// The SVG text.
    public var svg: String {
        var frame = ChartFrame(title: title, legend: series.map(\.name), bottomSpace: 56, legendColors: colors.map(ChartPalette.color),
                               legendSwatches: styles.map(\.swatch))
        let points = series.flatMap(\.points)
        let y = AxisScale(values: points.map(\.y), pixels: (frame.bottom, frame.top))
        let x = AxisScale(values: points.map(\.x), pixels: (frame.left + 10, frame.right - 10))
        frame.yAxis(y, label: yLabel)
        frame.svg.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, stroke: "#444")
        for t in x.ticks {
            let px = x.position(t)
            frame.svg.line(x1: px, y1: frame.bottom, x2: px, y2: frame.bottom + 5, stroke: "#444")
            frame.svg.text(NumberText.tick(t, step: x.step), x: px, y: frame.bottom + 19, size: 11, anchor: "middle")
        }
        var labels: [(text: String, layout: LabelLayout.Label)] = []
        for (s, line) in series.enumerated() {
            let color = ChartPalette.color(colors[s]), style = styles[s]
            let pixels = line.points.map { (x.position($0.x), y.position($0.y)) }
            if pixels.count > 1 && style.joined { frame.svg.polyline(pixels, stroke: color, dash: style == .dashedLine ? "6 4" : nil) }
            for (p, point) in zip(pixels, line.points) {
                if style.marked { frame.svg.circle(x: p.0, y: p.1, r: 4, fill: color) }
                if let label = point.label {
                    labels.append((label, LabelLayout.Label(x: p.0 + 6, width: Double(label.count) * 6, desired: p.1 - 6)))
                }
            }
        }
        // Labels drawn last, moved apart without changing their vertical order (`LabelLayout`).
        for (label, ly) in zip(labels, LabelLayout().place(labels.map(\.layout))) {
            frame.svg.text(label.text, x: label.layout.x, y: ly, size: 10, fill: "#555")
        }
        frame.xLabel(xLabel)
        return frame.svg.text
    }
}
