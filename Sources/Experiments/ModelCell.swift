import Formats

/// One cell of a `model:` data entry: the model on its corpus with one weight format, one activation
/// format, one transform (a Hadamard rotation of both operands along the reduction axis) and one
/// rounding mode, measured against the FP32 model. Its key names everything its numbers depend on:
/// QuantLab's version, the model's file hashes, the corpus bytes and sentence count, the formats (by
/// behaviour fingerprint), exceptions, accumulator, transform, rounding, seed and crest block.
public struct ModelCell: Sendable, Equatable {
    /// Position in the sweep (after the tensor cells).
    public var index: Int
    /// Position of the entry in the spec's `models`.
    public var entryIndex: Int
    public var entry: ModelDataSpec
    public var transform: TransformSpec
    public var weights: ParsedFormat?
    public var activations: ParsedFormat?
    public var rounding: RoundingMode
    public var seed: UInt64
    public var blockSize: Int

    /// `w=SPEC a=SPEC`: the cell's format column in reports.
    public var formatText: String { "w=\(ModelDataSpec.spec(weights)) a=\(ModelDataSpec.spec(activations))" }

    public var key: String {
        func operand(_ f: ParsedFormat?) -> String { f.map { "\($0.spec)@\($0.fingerprint(rounding))" } ?? "fp32" }
        return "quantlab=\(QuantLabVersion.string);model=\(entry.model.name)@sha256:\(entry.model.digest);"
            + "corpus=\(entry.corpus)@sha256:\(entry.corpusDigest);sentences=\(entry.sentences);transform=\(transform);"
            + "weights=\(operand(weights));activations=\(operand(activations));exceptions=\(entry.exceptions.joined(separator: "|"));"
            + "accumulator=\(entry.accumulator ?? "none");promotion=\(entry.promotion.map(String.init) ?? "none");"
            + "rounding=\(rounding.rawValue);seed=\(seed);block=\(blockSize)"
    }

    /// SHA-256 of `key`: the name of the cached result.
    public var hash: String { SHA256.hex(key) }

    /// Short text for progress lines and errors.
    public var label: String { "\(entry.name) · \(transform) · \(formatText) · \(rounding.rawValue)" }

    /// Why a stored result is not this cell's (key hash, coordinates or checksum), or nil.
    public func mismatch(_ result: CellResult) -> String? {
        guard result.hash == hash else { return "its key hash is not that of the spec's cell (\(label))" }
        let fields = [("data", result.data, entry.name), ("source", result.source, entry.sourceText),
                      ("transform", result.transform, transform.description), ("format", result.format, formatText),
                      ("rounding", result.rounding, rounding.rawValue)]
        if let (field, mine, theirs) = fields.first(where: { $0.1 != $0.2 }) {
            return "the result has \(field) \(mine) where the spec has \(theirs)"
        }
        guard result.model != nil else { return "it holds no model metrics" }
        return result.isIntact ? nil : "its values do not match its checksum (edited or corrupt)"
    }
}

extension SweepSpec {
    /// The cells of the `model:` entries, numbered after the tensor cells: per entry, transforms x
    /// weights x activations x rounding in that nesting order (rounding varies fastest).
    public func modelCells() -> [ModelCell] {
        var index = choices.count
        var out: [ModelCell] = []
        for (e, entry) in models.enumerated() {
            for t in transforms {
                for w in entry.weights {
                    for a in entry.activations {
                        for r in rounding {
                            out.append(ModelCell(index: index, entryIndex: e, entry: entry, transform: t, weights: w, activations: a,
                                                 rounding: r, seed: seed, blockSize: blockSize))
                            index += 1
                        }
                    }
                }
            }
        }
        return out
    }
}
