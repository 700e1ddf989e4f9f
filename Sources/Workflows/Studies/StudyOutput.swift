/// What a study block writes into an executed notebook: markdown and chart files. The markdown links a
/// chart by its `fileName` (`![...](NAME.svg)`); the notebook writes it as `NOTEBOOK-bK-NAME.svg` and
/// points the link there.
public struct StudyOutput: Sendable {
    public var markdown: String
    public var charts: [(fileName: String, svg: String)]

    public init(markdown: String, charts: [(fileName: String, svg: String)] = []) {
        self.markdown = markdown
        self.charts = charts
    }
}
