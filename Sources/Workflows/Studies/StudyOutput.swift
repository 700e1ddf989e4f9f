/// What a study block writes into an executed notebook: markdown and chart files.
public struct StudyOutput: Sendable {
    public var markdown: String
    public var charts: [(fileName: String, svg: String)]

    public init(markdown: String, charts: [(fileName: String, svg: String)] = []) {
        self.markdown = markdown
        self.charts = charts
    }
}
