import Foundation
import Formats
import Tensors
import Yams

extension SweepSpec {
    /// The top-level keys a sweep file may use.
    public static let keys = ["title", "description", "seed", "block_size", "data", "transforms", "formats",
                              "rounding", "metrics", "charts", "cells", "allow_nonfinite"] + accumulatorKeys

    /// Reads and validates the spec at `path`; `sources` keeps the content digests of data files.
    /// A file above `YAMLLimits.maximumBytes` is refused before it is read.
    /// `models` checks and describes the models of `model:` entries (`ModelCatalog`).
    public init(path: String, sources: SourceIndex = .shared, models: (any ModelCatalog)? = nil) throws {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > YAMLLimits.maximumBytes {
            throw SweepError.io(path: path, reason: "the sweep file is \(size) bytes, above the limit of \(YAMLLimits.maximumBytes) bytes")
        }
        let bytes: [UInt8]
        do { bytes = try RegularFile.contents(atPath: path) } catch {
            throw SweepError.io(path: path, reason: "cannot read the sweep file: \(RegularFile.problem(error))")
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw SweepError.io(path: path, reason: "the sweep file is not UTF-8 text") }
        try self.init(yaml: text, file: path, sources: sources, models: models)
    }

    /// Parses and validates YAML text: every key, type, format, rounding, transform and data source
    /// is checked here, and so is every data source's shape against the transforms and formats it
    /// meets (block lengths, channel axes, Hadamard sizes, tensor names); the first problem throws
    /// `SweepError.spec` with its file, line and key. Data files are read (headers, and a content
    /// digest through `sources`) but no tensor is decoded.
    public init(yaml text: String, file: String, sources: SourceIndex = .shared, models catalog: (any ModelCatalog)? = nil) throws {
        let reader = YAMLReader(file: file)
        guard let root = try reader.root(text) else { throw reader.fail(nil, "(document)", "the sweep file is empty") }
        let pairs = try reader.mapping(root, "", accepted: Self.keys)
        func node(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

        let seed = try node("seed").map { try reader.unsigned($0, "seed") } ?? 0
        var blockSize = 32
        if let n = node("block_size") {
            let k = try reader.unsigned(n, "block_size")
            do { blockSize = try SweepChecks.blockSize(k > UInt64(Int.max) ? -1 : Int(k)) } catch { throw reader.fail(n, "block_size", "\(error)") }
        }
        var models: [ModelDataSpec] = []
        let data = try Self.readData(node("data"), reader: reader, seed: seed, root: root, sources: sources, models: &models, catalog: catalog)
        if data.isEmpty && !models.isEmpty {
            // Keys that only tensor cells read would be silently ignored: refuse them.
            let reasons = [("formats", "which take their formats from their own `weights:` and `activations:`"),
                           ("cells", "which take their formats from their own `weights:` and `activations:`"),
                           ("charts", "whose report draws its own charts (fidelity, layers, sites, crest, kernel share)")]
            if let (key, why) = reasons.first(where: { node($0.0) != nil }) {
                throw reader.fail(node(key)!, key, "the data are all model entries, \(why); remove `\(key):`")
            }
        }
        let accumulatorChoices = try Self.readAccumulators(node, data: data, root: root, reader: reader)
        let transforms = try node("transforms").map { try Self.readTransforms($0, data: data, reader: reader) } ?? [.none]
        try Self.checkModelTransforms(models, transforms, node: node("transforms"), root: root, reader: reader)
        let formats = try node("formats").map { try Self.readFormats($0, data: node("cells") == nil ? data : [], reader: reader) } ?? []
        let rounding = try node("rounding").map { n in
            try Self.unique(reader.strings(n, "rounding"), "rounding", reader, SweepChecks.rounding)
        } ?? [.nearestEven]
        for (key, empty) in [("transforms", transforms.isEmpty), ("rounding", rounding.isEmpty)] where empty {
            throw reader.fail(node(key), key, "empty: list at least one, or leave the key out")
        }
        let metrics = try node("metrics").map { n in
            try Self.unique(reader.strings(n, "metrics"), "metrics", reader) { id in
                guard let m = MetricColumn.named(id) else {
                    throw SpecValueError(message: "unknown metric '\(id)' (accepted: \(MetricColumn.accepted.map(\.id).joined(separator: ", ")))")
                }
                return m
            }
        } ?? (data.contains { $0.gemm != nil } ? MetricColumn.productDefaultIDs : MetricColumn.defaultIDs).compactMap(MetricColumn.named)
        let charts = try node("charts").map { n in
            try Self.unique(reader.strings(n, "charts"), "charts", reader) { id in
                guard let c = ChartKind(rawValue: id) else {
                    throw SpecValueError(message: "unknown chart '\(id)' (accepted: \(ChartKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return c
            }
        } ?? ChartKind.allCases
        let cells = try node("cells").map {
            try Self.readCells($0, data: data, rounding: rounding, accumulators: accumulatorChoices, reader: reader)
        }
        if cells == nil && formats.isEmpty && !data.isEmpty {
            throw reader.fail(node("formats") ?? root, "formats", "no formats: list at least one format spec (or give cells)")
        }
        if let problem = Self.activationProblem(data: data, formats: formats, cells: cells) {
            throw reader.fail(node("cells") ?? node("formats") ?? root, node("cells") == nil ? "formats" : "cells",
                              problem + (problem.hasSuffix("has none") ? ": give it `activations: SOURCE`" : ""))
        }
        let allowNonFinite = try node("allow_nonfinite").map { try reader.bool($0, "allow_nonfinite") } ?? false
        let title = try node("title").map { try reader.string($0, "title") } ?? (file as NSString).lastPathComponent
        let description = try node("description").map { try reader.string($0, "description") } ?? ""
        self.init(file: file, text: text, title: title, description: description, seed: seed, blockSize: blockSize,
                  data: data, transforms: transforms, formats: formats, rounding: rounding, metrics: metrics,
                  charts: charts, explicitCells: cells, allowNonFinite: allowNonFinite)
        self.models = models
        self.accumulatorChoices = accumulatorChoices
    }

    /// `data:` items: a source spec string, a mapping {name, source}, or a matrix product {gemm: {...}}
    /// (`SweepSpec+Gemm`; one input per K it lists). `model:` items go to `models` (`readModel`).
    static func readData(_ node: Node?, reader: YAMLReader, seed: UInt64, root: Node, sources: SourceIndex,
                         models: inout [ModelDataSpec], catalog: (any ModelCatalog)? = nil) throws -> [DataInput] {
        guard let node else { throw reader.fail(root, "data", "missing: list at least one tensor source") }
        let items = try reader.list(node, "data")
        guard !items.isEmpty else { throw reader.fail(node, "data", "empty: list at least one tensor source") }
        var inputs: [DataInput] = []
        for (i, item) in items.enumerated() {
            let key = "data[\(i)]"
            if isModelEntry(item) {
                let model = try readModel(item, key: key, reader: reader, catalog: catalog)
                guard !inputs.contains(where: { $0.name == model.name }) && !models.contains(where: { $0.name == model.name }) else {
                    throw reader.fail(item, key, "data name '\(model.name)' given twice (give the entry its own `name:`)")
                }
                models.append(model)
                continue
            }
            var name: String?
            var activations: TensorSource?
            var sourceNode = item
            if let gemm = item.mapping?.first(where: { $0.key.scalar?.string == "gemm" }) {
                _ = try reader.mapping(item, key, accepted: ["gemm"])
                for input in try readGemm(gemm.value, key: "\(key).gemm", reader: reader, seed: seed, sources: sources) {
                    guard !inputs.contains(where: { $0.name == input.name }) else {
                        throw reader.fail(gemm.value, key, "data name '\(input.name)' given twice (give the gemm entry a name)")
                    }
                    inputs.append(input)
                }
                continue
            }
            if item.mapping != nil {
                let pairs = try reader.mapping(item, key, accepted: ["name", "source", "activations"])
                guard let s = pairs.first(where: { $0.key == "source" }) else { throw reader.fail(item, key, "missing key 'source'") }
                sourceNode = s.value
                name = try pairs.first { $0.key == "name" }.map { try reader.string($0.value, "\(key).name") }
                if let a = pairs.first(where: { $0.key == "activations" }) {
                    let text = try reader.string(a.value, "\(key).activations")
                    do { activations = try TensorSource(parsing: text, defaultSeed: seed) } catch { throw reader.fail(a.value, "\(key).activations", "\(error)") }
                }
            }
            let text = try reader.string(sourceNode, key)
            let input: DataInput
            do { input = try SweepChecks.data(text, name: name, activations: activations, seed: seed, sources: sources) } catch { throw reader.fail(sourceNode, key, "\(error)") }
            guard !inputs.contains(where: { $0.name == input.name }) else {
                throw reader.fail(sourceNode, key, "data name '\(input.name)' given twice (use {name: ..., source: ...} to tell them apart)")
            }
            inputs.append(input)
        }
        return inputs
    }

    /// `transforms:` names, checked against the row lengths of every tensor of the data.
    static func readTransforms(_ node: Node, data: [DataInput], reader: YAMLReader) throws -> [TransformSpec] {
        try unique(reader.strings(node, "transforms"), "transforms", reader) { text in
            try SweepChecks.transform(TransformSpec(parsing: text), data: data)
        }
    }

    /// `formats:` spec strings, each parsed once (`ParsedFormat`) and checked against the shape of
    /// every tensor of `data` (the data each format meets in a product sweep).
    static func readFormats(_ node: Node, data: [DataInput], reader: YAMLReader) throws -> [ParsedFormat] {
        try unique(reader.strings(node, "formats"), "formats", reader) { try SweepChecks.format($0, data: data) }
    }

    /// `cells:` mappings {data, transform, format, rounding, accumulator}; transform defaults to none,
    /// rounding to the first `rounding:` entry, and the accumulator of gemm data to the first of the
    /// accumulator axis (`accumulator: N` picks entry N of it, from 0).
    static func readCells(_ node: Node, data: [DataInput], rounding: [RoundingMode], accumulators: [AccumulatorChoice],
                          reader: YAMLReader) throws -> [CellChoice] {
        let items = try reader.list(node, "cells")
        guard !items.isEmpty else { throw reader.fail(node, "cells", "empty: list at least one cell or leave the key out") }
        return try items.enumerated().map { i, item in
            let key = "cells[\(i)]"
            let pairs = try reader.mapping(item, key, accepted: ["data", "transform", "format", "rounding", "accumulator"])
            func field<T>(_ name: String, _ parse: (String) throws -> T) throws -> T? {
                guard let pair = pairs.first(where: { $0.key == name }) else { return nil }
                let text = try reader.string(pair.value, "\(key).\(name)")
                do { return try parse(text) } catch { throw reader.fail(pair.value, "\(key).\(name)", "\(error)") }
            }
            guard let d = try field("data", { name in
                guard let index = data.firstIndex(where: { $0.name == name }) else {
                    throw SpecValueError(message: "unknown data '\(name)' (declared: \(data.map(\.name).joined(separator: ", ")))")
                }
                return index
            }) else { throw reader.fail(item, key, "missing key 'data'") }
            guard let f = try field("format", { try SweepChecks.format($0) }) else {
                throw reader.fail(item, key, "missing key 'format'")
            }
            let t = try field("transform") { try SweepChecks.transform(TransformSpec(parsing: $0), data: [data[d]]) } ?? .none
            if let problem = data[d].problem(withFormat: f.format) { throw reader.fail(item, key, problem) }
            let r = try field("rounding", SweepChecks.rounding) ?? rounding[0]
            let a = try field("accumulator") { text -> AccumulatorChoice in
                guard data[d].gemm != nil else { throw SpecValueError(message: "data '\(data[d].name)' is not a gemm entry; only gemm cells take an accumulator") }
                guard let i = Int(text), accumulators.indices.contains(i) else {
                    throw SpecValueError(message: "'\(text)' is not an index of the accumulator axis (0...\(accumulators.count - 1): "
                        + accumulators.map(\.description).joined(separator: ", ") + ")")
                }
                return accumulators[i]
            } ?? (data[d].gemm == nil ? nil : accumulators.first)
            return CellChoice(data: d, transform: t, format: f, rounding: r, accumulator: a)
        }
    }

    /// Parses each string of a list (`SweepChecks.list`), failing at the item's line on a parse
    /// error or a duplicate.
    static func unique<T: Equatable>(_ items: [(text: String, node: Node)], _ key: String, _ reader: YAMLReader,
                                     _ parse: (String) throws -> T) throws -> [T] {
        do {
            return try SweepChecks.list(items.map(\.text), parse)
        } catch let e as SweepChecks.ItemError {
            throw reader.fail(items[e.index].node, "\(key)[\(e.index)]", e.reason.map { "\($0)" } ?? "'\(e.text)' listed twice")
        }
    }
}
