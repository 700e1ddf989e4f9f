import Experiments

/// One chart of a report: its kind, title (also the markdown alt text) and SVG text.
public struct ReportChart: Sendable {
    public var kind: ChartKind
    public var title: String
    public var svg: String

    /// The file name beside the report: `<base>-<kind>.svg` (kind with dashes).
    public func fileName(base: String) -> String {
        "\(base)-\(kind.rawValue.replacingOccurrences(of: "_", with: "-")).svg"
    }
}

extension ReportChart {
    static let qsnr = MetricColumn.named("qsnr_db")!
    static let qsnrRotated = MetricColumn.named("qsnr_rotated_db")!
    static let kernel = MetricColumn.named("kernel_share")!
    static let blockCrest = MetricColumn.named("block_crest")!

    /// The charts of `kinds` that the grid has data for (the Hadamard chart needs a rotation and
    /// a baseline), in the order asked.
    public static func build(_ kinds: [ChartKind], grid: ResultGrid, blockSize: Int) -> [ReportChart] {
        kinds.compactMap { kind in
            // The tensor charts read tensor cells (accumulator ""); a sweep of products alone has none.
            if !grid.accumulators.contains(""), ![.accumulationErrorVsK, .productErrorSplit].contains(kind) { return nil }
            switch kind {
            case .qsnrByFormat: return byFormat(kind, grid, qsnr, title: "QSNR per format and data", yLabel: "QSNR (dB)", scale: 1)
            case .kernelShare: return byFormat(kind, grid, kernel, title: "Kernel share (nonzero inputs quantized to 0)", yLabel: "kernel share (%)", scale: 100)
            case .qsnrVsBits: return versusBits(grid)
            case .qsnrVsCrest: return versusCrest(grid, blockSize: blockSize)
            case .hadamard: return hadamard(grid)
            case .searchCurve: return searchCurves(grid)
            case .accumulationErrorVsK: return accumulationErrorVersusK(grid)
            case .productErrorSplit: return productErrorSplit(grid)
            }
        }
    }

    /// Grouped bars: formats on x, one bar per data source (baseline transform, first rounding).
    static func byFormat(_ kind: ChartKind, _ grid: ResultGrid, _ metric: MetricColumn, title: String, yLabel: String, scale: Double) -> ReportChart {
        let t = grid.baseTransform, r = grid.roundings[0]
        let values = grid.formats.map { f in
            grid.data.map { d in grid.cell(data: d, transform: t, format: f, rounding: r).flatMap { metric.value($0) }.map { $0 * scale } }
        }
        let full = "\(title) (transform \(t))"
        let chart = BarChart(title: full, yLabel: yLabel, xLabel: "format", categories: grid.formats, series: grid.data, values: values)
        return ReportChart(kind: kind, title: full, svg: chart.svg)
    }

    /// Lines per format group (family and scaling): mean QSNR over the data against bits per element, points labeled by format.
    static func versusBits(_ grid: ResultGrid) -> ReportChart {
        let t = grid.baseTransform, r = grid.roundings[0]
        var groups: [String] = []
        for f in grid.formats { if let g = grid.descriptor(format: f)?.group, !groups.contains(g) { groups.append(g) } }
        let series = groups.map { group -> (name: String, points: [LineChart.Point]) in
            let points = grid.formats.filter { grid.descriptor(format: $0)?.group == group }.compactMap { f -> LineChart.Point? in
                guard let bits = grid.firstCell(format: f)?.bitsPerElement,
                      let y = grid.meanOverData(qsnr, format: f, transform: t, rounding: r) else { return nil }
                return LineChart.Point(x: bits, y: y, label: f)
            }
            return (group, points.sorted { ($0.x, $0.label ?? "") < ($1.x, $1.label ?? "") })
        }
        let title = "QSNR vs bits per element (mean over \(grid.data.count) data, transform \(t))"
        let chart = LineChart(title: title, yLabel: "QSNR (dB)", xLabel: "bits per element (bits)", series: series)
        return ReportChart(kind: .qsnrVsBits, title: title, svg: chart.svg)
    }

    /// A scatter, one color per format: QSNR (in the domain the format saw) against the median block
    /// crest factor of its input, one marker per data source and transform. The points of one format
    /// do not lie along one parameter (unrelated data and transforms), so no line joins them.
    static func versusCrest(_ grid: ResultGrid, blockSize: Int) -> ReportChart {
        let r = grid.roundings[0]
        let series = grid.formats.map { f -> (name: String, points: [LineChart.Point]) in
            let points = grid.data.flatMap { d in
                grid.transforms.compactMap { t -> LineChart.Point? in
                    guard let c = grid.cell(data: d, transform: t, format: f, rounding: r),
                          let x = blockCrest.value(c), let y = qsnrRotated.value(c) else { return nil }
                    return LineChart.Point(x: x, y: y)
                }
            }
            return (f, points.sorted { $0.x < $1.x })
        }
        let title = "QSNR vs median block crest factor (block \(blockSize), one point per data and transform)"
        let chart = LineChart(title: title, yLabel: "QSNR in the format's domain (dB)", xLabel: "median block crest factor max|x| / RMS (ratio)",
                              series: series, styles: series.map { _ in .markers })
        return ReportChart(kind: .qsnrVsCrest, title: title, svg: chart.svg)
    }

    /// Grouped bars: formats on x, one bar per transform, mean QSNR over the data.
    static func hadamard(_ grid: ResultGrid) -> ReportChart? {
        guard grid.transforms.count > 1, grid.transforms.contains(where: grid.isRotation) else { return nil }
        let r = grid.roundings[0]
        let values = grid.formats.map { f in grid.transforms.map { grid.meanOverData(qsnr, format: f, transform: $0, rounding: r) } }
        let title = "QSNR before and after Hadamard rotation (mean over \(grid.data.count) data)"
        let chart = BarChart(title: title, yLabel: "QSNR (dB)", xLabel: "format", categories: grid.formats, series: grid.transforms, values: values)
        return ReportChart(kind: .hadamard, title: title, svg: chart.svg)
    }
}
