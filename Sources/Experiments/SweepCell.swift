import Formats

/// One cell of a sweep: the data, transform, format and rounding it runs, and its stable key.
public struct SweepCell: Sendable, Equatable {
    /// Position in the sweep's cell list.
    public var index: Int
    public var dataIndex: Int
    public var data: DataInput
    public var transform: TransformSpec
    /// The format, parsed once where the spec was read.
    public var format: ParsedFormat
    public var rounding: RoundingMode
    /// Sweep seed and crest-factor block size (part of the key).
    public var seed: UInt64
    public var blockSize: Int
    /// Replace non-finite input values by 0 instead of failing (`NonFinitePolicy`).
    public var allowNonFinite: Bool
    /// `FormatFingerprint` of the format and rounding: what the format's code does, not only its name.
    public var formatFingerprint: String
    /// For a matrix-product entry: the accumulator, and the fingerprints of the operand formats
    /// the entry fixes (`a_format`, `b_format`).
    public var accumulator: AccumulatorChoice? = nil
    public var operandFingerprints: String = ""

    /// Everything that determines the cell's numbers, as text: the version, the data (a file by
    /// its content digest, `DataInput.contentKey`) and the format's behaviour fingerprint, so
    /// results from another build, changed data or a changed format are not reused.
    public var key: String {
        "quantlab=\(QuantLabVersion.string);data=\(data.contentKey);" + (data.activationsKey.map { "activations=\($0);" } ?? "")
            + "transform=\(transform);format=\(format);"
            + "rounding=\(rounding.rawValue);seed=\(seed);block=\(blockSize)"
            + (allowNonFinite ? ";nonfinite=zero" : "") + ";probe=\(formatFingerprint)" + gemmKey
    }

    /// The matrix-product part of the key (empty for tensor data): operand formats, their
    /// fingerprints, and the accumulator.
    var gemmKey: String {
        guard let gemm = data.gemm, let accumulator else { return "" }
        return ";a_format=\(gemm.aFormat);b_format=\(gemm.bFormat);operand_probes=\(operandFingerprints);\(accumulator.key)"
    }

    /// SHA-256 of `key`: the name of the cached result.
    public var hash: String { SHA256.hex(key) }

    /// Seed for stochastic rounding: derived from the key, so it does not depend on the cell's
    /// position in the grid.
    public var roundingSeed: UInt64 { SHA256.seed("rounding;" + key) }

    /// Short text for progress lines and errors.
    public var label: String {
        "\(data.name) · \(transform) · \(format) · \(rounding.rawValue)" + (accumulator.map { " · \($0)" } ?? "")
    }
}

extension SweepSpec {
    /// What the cells run: the explicit list, or the product data x transforms x formats x rounding
    /// (x accumulators, for a matrix-product entry) in that nesting order (the last varies fastest).
    public var choices: [CellChoice] {
        explicitCells ?? data.indices.flatMap { d in
            transforms.flatMap { t in
                formats.flatMap { f in
                    rounding.flatMap { r in
                        data[d].gemm == nil ? [CellChoice(data: d, transform: t, format: f, rounding: r)]
                            : accumulatorChoices.map { CellChoice(data: d, transform: t, format: f, rounding: r, accumulator: $0) }
                    }
                }
            }
        }
    }

    /// The cells, in `choices` order.
    public func cells() -> [SweepCell] {
        choices.enumerated().map { i, c in
            SweepCell(index: i, dataIndex: c.data, data: data[c.data], transform: c.transform, format: c.format,
                      rounding: c.rounding, seed: seed, blockSize: blockSize, allowNonFinite: allowNonFinite,
                      formatFingerprint: c.format.fingerprint(c.rounding), accumulator: c.accumulator,
                      operandFingerprints: data[c.data].gemm.map { g in
                          [g.aFormat, g.bFormat].map { o in if case let .fixed(f) = o { return f.fingerprint(c.rounding) } else { return "-" } }
                              .joined(separator: ",")
                      } ?? "")
        }
    }
}
