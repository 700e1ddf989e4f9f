/// The shared layout of every chart: title, legend rows under it, a plot area with a y axis,
/// horizontal grid lines, axis labels with units. Bar and line charts draw inside `plot`.
struct ChartFrame {
    static let width = 800.0
    var svg: SVGDocument
    /// The plot area in pixels.
    var left = 72.0, right = width - 24.0, top = 0.0, bottom = 0.0

    /// How a legend entry shows its series: a filled box (the default), a dot (markers only), a line or a dashed line.
    enum Swatch { case box, dot, line, dash }

    /// Lays out a chart with `title`, legend entries (palette colors in order, or `legendColors`; boxes,
    /// or `legendSwatches`) and room below the plot for x labels.
    init(title: String, legend: [String], bottomSpace: Double, height: Double = 460, legendColors: [String]? = nil,
         legendSwatches: [Swatch]? = nil) {
        svg = SVGDocument(width: Self.width, height: height)
        svg.text(title, x: Self.width / 2, y: 24, size: 16, anchor: "middle", weight: "bold")
        var x = left, y = 46.0
        for (i, label) in legend.enumerated() {
            let w = 32 + Double(label.count) * 7.2
            if x + w > right { x = left; y += 18 }
            let color = legendColors?[i] ?? ChartPalette.color(i)
            switch legendSwatches?[i] ?? .box {
            case .box: svg.rect(x: x, y: y - 10, width: 12, height: 12, fill: color)
            case .dot: svg.circle(x: x + 6, y: y - 4, r: 4, fill: color)
            case .line: svg.line(x1: x, y1: y - 4, x2: x + 12, y2: y - 4, stroke: color, width: 2)
            case .dash: svg.line(x1: x, y1: y - 4, x2: x + 12, y2: y - 4, stroke: color, width: 2, dash: "4 2")
            }
            svg.text(label, x: x + 16, y: y, size: 12)
            x += w
        }
        top = y + 22
        bottom = height - bottomSpace
    }

    /// Draws the y axis with grid lines, tick labels and the rotated axis label.
    mutating func yAxis(_ scale: AxisScale, label: String) {
        for t in scale.ticks {
            let y = scale.position(t)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: "#e3e3e3")
            svg.text(NumberText.tick(t, step: scale.step), x: left - 6, y: y + 4, size: 11, anchor: "end")
        }
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444")
        svg.text(label, x: 18, y: (top + bottom) / 2, size: 13, anchor: "middle", rotate: -90)
    }

    /// The x axis label centered under the plot.
    mutating func xLabel(_ label: String) {
        svg.text(label, x: (left + right) / 2, y: svg.height - 10, size: 13, anchor: "middle")
    }
}
