import Experiments

/// A complete sweep report: title, description, provenance (versions, seed, spec hash; no date,
/// so a rerun is byte-identical), the results body, and the spec verbatim.
public enum ReportDocument {
    /// The markdown of `Reports/<name>.md`; charts are `<name>-<kind>.svg` beside it.
    public static func render(results: SweepResults, spec: SweepSpec, name: String) -> ReportBody {
        var body = ReportBody(results: results, spec: spec, chartBase: name)
        var md = "# \(spec.title)\n\n"
        if !spec.description.isEmpty { md += spec.description.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" }
        md += provenance(results: results, spec: spec).text + "\n"
        md += body.markdown
        md += "## Spec\n\n`\(spec.file)`, SHA-256 `\(results.specSHA256)` (of the text below, UTF-8):\n\n"
        md += fenced(spec.text, language: "yaml")
        md += "\nRaw results: [\(name).csv](\(name).csv), [\(name).json](\(name).json).\n"
        body.markdown = md
        return body
    }

    /// The provenance table.
    static func provenance(results: SweepResults, spec: SweepSpec) -> MarkdownTable {
        MarkdownTable(header: ["run", "value"], rows: [
            ["QuantLab version", results.quantlabVersion],
            ["MPFR version", results.mpfrVersion],
            ["seed", String(results.seed)],
            ["spec SHA-256", "`\(results.specSHA256)`"],
            ["cells", String(results.cells.count)],
        ])
    }

    /// `text` in a fenced code block whose fence is longer than any backtick run inside.
    public static func fenced(_ text: String, language: String) -> String {
        var longest = 0, run = 0
        for ch in text { run = ch == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(language)\n\(text)\(text.hasSuffix("\n") ? "" : "\n")\(fence)\n"
    }
}
