import Foundation

/// What a study block writes into an executed notebook: markdown and chart files. The markdown links
/// a chart by its bare file name, `![title](NAME.svg)`; the notebook writes the chart as
/// `<base>-NAME.svg` and `markdown(chartBase:)` rewrites the links to match.
public struct StudyOutput: Sendable {
    public var markdown: String
    public var charts: [(fileName: String, svg: String)]

    public init(markdown: String, charts: [(fileName: String, svg: String)] = []) {
        self.markdown = markdown
        self.charts = charts
    }

    /// The markdown with each `](NAME)` of a chart replaced by `](<base>-NAME)`.
    public func markdown(chartBase base: String) -> String {
        charts.reduce(markdown) { text, chart in text.replacingOccurrences(of: "](\(chart.fileName))", with: "](\(base)-\(chart.fileName))") }
    }
}
