/// Which tensors of a `.safetensors` file a source takes: the text after `file.safetensors:`,
/// `PATTERN[;exclude=GLOB,...][;rank=N,...][;dtype=DTYPE,...]`.
///
/// - `PATTERN` is an exact tensor name or a glob (`*` any run, `?` one character, `NameMatching`).
/// - `exclude=` drops the tensors matching any of its globs.
/// - `rank=` keeps the tensors with one of these numbers of axes (`rank=2`: matrices only, so a
///   glob such as `encoder.layer.*.weight` leaves out 1-D LayerNorm weights).
/// - `dtype=` keeps the tensors stored with one of these safetensors dtypes (readable ones only).
///   Without it, a glob or whole-file selection keeps only floating-point tensors (F16, BF16,
///   F32, F64) and lists the others (such as the I64 `position_ids`) as skipped, instead of
///   failing; an exact name takes its tensor whatever the dtype (and fails if it cannot be read).
/// Names containing `;` or `,` cannot be selected by this syntax. `description` is canonical:
/// filters in the order exclude, rank, dtype; ranks ascending; dtypes sorted.
public struct TensorSelection: Sendable, Equatable, CustomStringConvertible {
    /// Exact name or glob; nil selects every tensor.
    public var pattern: String?
    public var exclude: [String] = []
    public var ranks: [Int] = []
    public var dtypes: [String] = []

    /// The floating-point dtypes a glob or whole-file selection keeps by default.
    public static let floatingPoint: Set<String> = ["F16", "BF16", "F32", "F64"]
    static let filters = ["exclude", "rank", "dtype"]

    public init(pattern: String?, exclude: [String] = [], ranks: [Int] = [], dtypes: [String] = []) {
        self.pattern = pattern; self.exclude = exclude; self.ranks = ranks; self.dtypes = dtypes
    }

    /// Parses the selection text of the source spec `spec` (named in errors).
    public init(parsing text: String, spec: String) throws {
        func fail(_ reason: String) -> TensorError { .badSource(spec: spec, reason: reason) }
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else { throw fail("empty tensor name after ':'") }
        pattern = first
        var seen: Set<String> = []
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = pair[0]
            guard Self.filters.contains(key) else { throw fail("unknown filter '\(key)' (accepted: \(Self.filters.joined(separator: ", ")))") }
            guard seen.insert(key).inserted else { throw fail("filter '\(key)' given twice") }
            let items = pair.count == 2 ? pair[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [""]
            guard !items.contains("") else { throw fail("empty value in '\(part)'") }
            switch key {
            case "exclude":
                exclude = items
            case "rank":
                ranks = try items.map { item in
                    guard let r = Int(item), r >= 0 else { throw fail("rank '\(item)' is not a non-negative integer") }
                    return r
                }
            default:
                let readable = SafetensorsHeader.convertible.keys.sorted()
                dtypes = try items.map { item in
                    guard SafetensorsHeader.convertible[item] != nil else {
                        throw fail("dtype '\(item)' cannot be read (readable: \(readable.joined(separator: ", ")))")
                    }
                    return item
                }
            }
        }
        ranks = Array(Set(ranks)).sorted()
        dtypes = Array(Set(dtypes)).sorted()
    }

    public var description: String {
        var text = pattern ?? "*"
        if !exclude.isEmpty { text += ";exclude=" + exclude.joined(separator: ",") }
        if !ranks.isEmpty { text += ";rank=" + ranks.map(String.init).joined(separator: ",") }
        if !dtypes.isEmpty { text += ";dtype=" + dtypes.joined(separator: ",") }
        return text
    }

    /// The entries this selection takes, and the non-float entries a glob or whole-file selection
    /// skipped. Throws when the pattern matches nothing (with the closest names), when the
    /// filters leave nothing (with what each removed), or when a taken tensor cannot be read.
    func choose(_ entries: [SafetensorsHeader.Entry], file: String) throws -> (chosen: [SafetensorsHeader.Entry], skipped: [SafetensorsHeader.Entry]) {
        let exact = pattern.map { !NameMatching.isGlob($0) } ?? false
        let matched = entries.filter { entry in
            guard let pattern else { return true }
            return exact ? entry.name == pattern : NameMatching.glob(pattern, matches: entry.name)
        }
        guard !matched.isEmpty else {
            throw TensorError.unknownTensor(file: file, name: pattern ?? "*", suggestions: NameMatching.closest(to: pattern ?? "", in: entries.map(\.name)))
        }
        let kept = matched.filter { e in !exclude.contains { NameMatching.glob($0, matches: e.name) } }
        let ranked = kept.filter { ranks.isEmpty || ranks.contains($0.shape.count) }
        let typed = ranked.filter { dtypes.isEmpty || dtypes.contains($0.dtype) }
        let skipped = dtypes.isEmpty && !exact ? typed.filter { !Self.floatingPoint.contains($0.dtype) } : []
        let chosen = typed.filter { e in !skipped.contains { $0.name == e.name } }
        guard !chosen.isEmpty else {
            var reasons = ["\(matched.count) matched"]
            if kept.count < matched.count { reasons.append("\(matched.count - kept.count) excluded") }
            if ranked.count < kept.count { reasons.append("\(kept.count - ranked.count) of another rank") }
            if typed.count < ranked.count { reasons.append("\(ranked.count - typed.count) of another dtype") }
            if !skipped.isEmpty { reasons.append("\(skipped.count) not floating point") }
            throw TensorError.noTensorLeft(file: file, selection: description, reason: reasons.joined(separator: ", "))
        }
        for entry in chosen where SafetensorsHeader.convertible[entry.dtype] == nil {
            throw TensorError.unsupportedDType(file: file, tensor: entry.name, dtype: entry.dtype, accepted: SafetensorsHeader.convertible.keys.sorted())
        }
        return (chosen, skipped)
    }
}
