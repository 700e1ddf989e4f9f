import Formats

/// What a sweep needs to know about the models its `model:` data entries name, and how their cells
/// run. Experiments does not link the models (they live in `Models`, below `Workflows`); Workflows
/// hands an implementation to `SweepSpec(yaml:file:sources:models:)` and `SweepRunner.models`.
public protocol ModelCatalog: Sendable {
    /// The model named `name`, its files checked (missing or changed files throw one line naming
    /// the command that fetches them).
    func describe(_ name: String) throws -> ModelDescription
    /// Why `format` cannot quantize the `operand` of every linear site of `model` (a block longer than
    /// a reduction axis, scales across it), or nil.
    func problem(format: any TensorFormat, operand: ModelOperand, model: ModelDescription) -> String?
    /// Why the per-site exception `text` (`GLOB:w=SPEC,a=SPEC`) does not parse or matches no site, or nil.
    func problem(exception text: String, model: ModelDescription) -> String?
    /// Why `accumulator` (with `promotion`) is not an accumulator spec, or nil.
    func problem(accumulator: String, promotion: Int?) -> String?
    /// Computes `cells` (all of one sweep, any entries), calling `finished` with each result as it is done.
    func run(_ cells: [ModelCell], concurrency: Int?, finished: (ModelCell, CellResult) throws -> Void) throws
}

/// The two operands of a linear site: W (outputs x k) and the input activations X (tokens x k).
public enum ModelOperand: String, Sendable, CaseIterable {
    case weights
    case activations
}

/// A model as a sweep sees it: its name, a digest of its files (part of every cell key) and the
/// reduction lengths of its linear sites (what a Hadamard transform must divide).
public struct ModelDescription: Sendable, Equatable {
    public var name: String
    /// SHA-256 over the model's file hashes, in the model's file order.
    public var digest: String
    /// The distinct reduction lengths k of the linear sites.
    public var reductions: [Int]

    public init(name: String, digest: String, reductions: [Int]) {
        self.name = name; self.digest = digest; self.reductions = reductions
    }
}
