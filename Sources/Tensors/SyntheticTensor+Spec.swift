/// The spec syntax of a synthetic tensor: `name(shape=AxBx..., param=value, ..., seed=N)`, e.g.
/// `normal(shape=256x1024, mean=0, std=1, seed=7)`. Parameters may come in any order and may be
/// omitted (table defaults in `Distribution+Catalog`); `shape` is required; `seed` defaults to the
/// caller's seed. `description` prints every parameter and the seed in canonical order, so parsing
/// it gives back an equal value whatever default seed is passed.
extension SyntheticTensor: CustomStringConvertible {
    public var description: String {
        let shapeText = shape.map(String.init).joined(separator: "x")
        let params = distribution.parameters.map { "\($0.name)=\(Self.format($0.value))" }
        return "\(distribution.name)(" + (["shape=\(shapeText)"] + params + ["seed=\(seed)"]).joined(separator: ", ") + ")"
    }

    /// Parses a spec; throws naming the distribution, parameter or value on any problem.
    public init(parsing spec: String, defaultSeed: UInt64 = 0) throws {
        let text = spec.trimmed(" \t\n")
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            throw TensorError.badSource(spec: spec, reason: "expected name(shape=..., param=value, ...)")
        }
        let name = text[..<open].trimmed(" \t")
        guard let kind = Distribution.kinds.first(where: { $0.name == name }) else {
            throw TensorError.unknownDistribution(name: name, accepted: Distribution.names)
        }
        let accepted = ["shape"] + kind.parameters.map(\.name) + ["seed"]
        var given: [String: String] = [:]
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let items = inner.trimmed(" \t").isEmpty ? [] : inner.split(separator: ",", omittingEmptySubsequences: false)
        for item in items {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmed(" \t") }
            guard pair.count == 2, !pair[0].isEmpty else {
                throw TensorError.badSource(spec: spec, reason: "'\(item.trimmed(" \t"))' is not key=value")
            }
            guard accepted.contains(pair[0]) else { throw TensorError.unknownParameter(distribution: name, name: pair[0], accepted: accepted) }
            guard given[pair[0]] == nil else { throw TensorError.badParameter(distribution: name, name: pair[0], value: pair[1], reason: "given twice") }
            given[pair[0]] = pair[1]
        }
        guard let shapeText = given["shape"] else {
            throw TensorError.badParameter(distribution: name, name: "shape", value: "", reason: "missing (e.g. shape=256x1024)")
        }
        let shape = try Self.parseShape(shapeText, distribution: name)
        var seed = defaultSeed
        if let seedText = given["seed"] {
            guard let s = UInt64(seedText) else {
                throw TensorError.badParameter(distribution: name, name: "seed", value: seedText, reason: "must be an integer in 0...\(UInt64.max)")
            }
            seed = s
        }
        let values = try kind.parameters.map { p -> Double in
            guard let raw = given[p.name] else { return p.defaultValue }
            guard let x = Double(raw), p.rule.accepts(x) else {
                throw TensorError.badParameter(distribution: name, name: p.name, value: raw, reason: p.rule.text)
            }
            return x
        }
        let distribution = kind.make(values)
        try Self.checkRelations(distribution, shape: shape)
        self.init(distribution, shape: shape, seed: seed)
    }

    /// Cross-parameter rules the per-parameter table cannot express.
    private static func checkRelations(_ distribution: Distribution, shape: [Int]) throws {
        switch distribution {
        case let .uniform(low, high) where !(low < high):
            throw TensorError.badParameter(distribution: "uniform", name: "high", value: format(high), reason: "must be greater than low=\(format(low))")
        case let .outliers(channels, _, _) where channels > (shape.last ?? 1):
            throw TensorError.badParameter(
                distribution: "outliers", name: "channels", value: String(channels), reason: "exceeds the \(shape.last ?? 1) columns of the last axis")
        default:
            return
        }
    }

    /// `AxBxC`: positive integers joined by `x`, at most 2^32 elements in all.
    private static func parseShape(_ text: String, distribution: String) throws -> [Int] {
        let dims = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0.trimmed(" ")) }
        guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw TensorError.badParameter(distribution: distribution, name: "shape", value: text, reason: "must be positive integers joined by 'x', e.g. 256x1024")
        }
        let shape = dims.compactMap { $0 }
        guard Shape.elementCount(shape) != nil else {
            throw TensorError.badParameter(distribution: distribution, name: "shape", value: text, reason: "more than 2^32 elements")
        }
        return shape
    }

    /// Integers without a fraction (`50`), other values in Swift's shortest round-trip form.
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
