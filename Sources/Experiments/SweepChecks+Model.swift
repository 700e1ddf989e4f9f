import Formats

extension SweepChecks {
    /// An operand format of a `model:` entry: `fp32`/`none` (nil) or a format spec that every linear
    /// site of `model` can take (`ModelCatalog.problem(format:operand:model:)`).
    public static func modelFormat(_ text: String, operand: ModelOperand, model: ModelDescription, catalog: any ModelCatalog) throws -> ParsedFormat? {
        guard let parsed = try ModelDataSpec.format(text) else { return nil }
        if let problem = catalog.problem(format: parsed.format, operand: operand, model: model) { throw SpecValueError(message: problem) }
        return parsed
    }

    /// A per-site exception of a `model:` entry (`GLOB:w=SPEC,a=SPEC`) that parses and matches a site.
    public static func modelException(_ text: String, model: ModelDescription, catalog: any ModelCatalog) throws -> String {
        if let problem = catalog.problem(exception: text, model: model) { throw SpecValueError(message: problem) }
        return text
    }

    /// A corpus path (file or folder) and its files, line count and digest (`ModelDataSpec.corpusFiles`).
    public static func corpus(_ path: String) throws -> (files: [String], lines: Int, digest: String) {
        try ModelDataSpec.corpusFiles(path)
    }
}
