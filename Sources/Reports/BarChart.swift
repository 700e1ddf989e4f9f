/// A grouped bar chart: one group per category (x), one colored bar per series in each group.
/// Missing or non-finite values leave a gap.
public struct BarChart: Sendable {
    public var title: String
    public var yLabel: String
    public var xLabel: String
    public var categories: [String]
    public var series: [String]
    /// values[category][series]
    public var values: [[Double?]]

    public init(title: String, yLabel: String, xLabel: String, categories: [String], series: [String], values: [[Double?]]) {
        self.title = title; self.yLabel = yLabel; self.xLabel = xLabel
        self.categories = categories; self.series = series; self.values = values
    }

    /// The SVG text.
    public var svg: String {
        let longest = categories.map(\.count).max() ?? 0
        var frame = ChartFrame(title: title, legend: series, bottomSpace: 40 + min(Double(longest), 24) * 5.2)
        let finite = values.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        let y = AxisScale(values: finite, include: [0], pixels: (frame.bottom, frame.top))
        frame.yAxis(y, label: yLabel)
        let groupWidth = (frame.right - frame.left) / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        let zero = y.position(0)
        for (c, category) in categories.enumerated() {
            let x0 = frame.left + Double(c) * groupWidth + groupWidth * 0.1
            for (s, value) in values[c].enumerated() {
                guard let v = value, v.isFinite else { continue }
                let top = min(y.position(v), zero), height = abs(y.position(v) - zero)
                frame.svg.rect(x: x0 + Double(s) * barWidth, y: top, width: max(barWidth - 1, 1), height: height, fill: ChartPalette.color(s))
            }
            let cx = frame.left + (Double(c) + 0.5) * groupWidth
            frame.svg.text(category, x: cx, y: frame.bottom + 14, size: 12, anchor: "end", rotate: -35)
        }
        frame.svg.line(x1: frame.left, y1: zero, x2: frame.right, y2: zero, stroke: "#444")
        frame.xLabel(xLabel)
        return frame.svg.text
    }
}
