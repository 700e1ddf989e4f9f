import Formats
import Tensors
import Transforms

/// How the linear layers of a model are quantized: every linear map computes
/// Y = Q_a(X R) · Q_w(W R)ᵀ + b, where R is an optional (randomized) block Hadamard rotation on the
/// reduction axis k applied to both operands (R Rᵀ = I, so the exact product is unchanged), Q_w and
/// Q_a are any `TensorFormat` with blocks (or channels) along k: W is n x k (one row per output),
/// X is tokens x k, so `/ch0` means per output channel for W and per token for X. Activations are
/// quantized per chunk of sentences the encoder processes together (a per-tensor scale covers that
/// chunk). Exceptions replace the formats at sites whose name matches a glob (`layer.*.ffn_out`).
/// A nil format (spelled `fp32`) leaves that operand in FP32.
public struct QuantizationScheme: Sendable {
    /// Formats of one site's operands.
    public struct Operands: Sendable {
        public var weights: (any TensorFormat)?
        public var activations: (any TensorFormat)?
        public init(weights: (any TensorFormat)? = nil, activations: (any TensorFormat)? = nil) {
            self.weights = weights
            self.activations = activations
        }
        var label: String { "w=\(weights?.name ?? "fp32"), a=\(activations?.name ?? "fp32")" }
    }

    /// A per-site override: sites matching `pattern` use `operands` for the operands it names.
    public struct Exception: Sendable {
        public var pattern: String
        public var weights: (any TensorFormat)??
        public var activations: (any TensorFormat)??
    }

    public var operands: Operands
    public var rotation: HadamardRotation?
    public var exceptions: [Exception]
    public var rounding: RoundingMode
    /// Seeds stochastic rounding (mixed with the site and chunk).
    public var seed: UInt64

    public init(operands: Operands = Operands(), rotation: HadamardRotation? = nil, exceptions: [Exception] = [],
                rounding: RoundingMode = .nearestEven, seed: UInt64 = 0) {
        self.operands = operands
        self.rotation = rotation
        self.exceptions = exceptions
        self.rounding = rounding
        self.seed = seed
    }

    /// FP32 everywhere, no rotation: the reference model.
    public static let fp32 = QuantizationScheme()

    /// Whether anything is quantized or rotated.
    public var isIdentity: Bool {
        rotation == nil && operands.weights == nil && operands.activations == nil
            && exceptions.allSatisfy { ($0.weights ?? nil) == nil && ($0.activations ?? nil) == nil }
    }

    /// Parses the command-line spelling: weight and activation specs (`fp32` for none), an optional
    /// Hadamard block size K (`full` for whole rows) with optional sign seed, and exceptions written
    /// `GLOB:w=SPEC,a=SPEC` (either part may be left out).
    public init(weights: String?, activations: String?, hadamard: String?, randomSigns: UInt64?, exceptions: [String],
                rounding: String = "nearest-even", seed: UInt64 = 0) throws {
        self.operands = Operands(weights: try Self.format(weights), activations: try Self.format(activations))
        if let hadamard {
            let block: Int?
            if hadamard == "full" { block = nil } else {
                guard let k = Int(hadamard) else { throw ModelError.badOption("--hadamard \(hadamard)", reason: "expected a power-of-two block size or 'full'") }
                block = k
            }
            do { rotation = try HadamardRotation(blockSize: block, signSeed: randomSigns) } catch {
                throw ModelError.badOption("--hadamard \(hadamard)", reason: "\(error)")
            }
        } else {
            guard randomSigns == nil else { throw ModelError.badOption("--random-signs", reason: "needs --hadamard") }
            rotation = nil
        }
        self.exceptions = try exceptions.map(Self.exception)
        self.rounding = try RoundingMode(name: rounding)
        self.seed = seed
    }

    /// A format spec, or nil for `fp32`/`none`/absent.
    static func format(_ spec: String?) throws -> (any TensorFormat)? {
        guard let spec, spec != "fp32", spec != "none" else { return nil }
        return try FormatRegistry.tensorFormat(spec)
    }

    public static func exception(_ text: String) throws -> Exception {
        guard let colon = text.firstIndex(of: ":") else {
            throw ModelError.badOption(text, reason: "expected GLOB:w=SPEC,a=SPEC, e.g. layer.*.ffn_out:a=int8/ch0")
        }
        let pattern = String(text[..<colon])
        var exception = Exception(pattern: pattern, weights: nil, activations: nil)
        for part in text[text.index(after: colon)...].split(separator: ",", maxSplits: 1) {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, pieces[0] == "w" || pieces[0] == "a" else {
                throw ModelError.badOption(text, reason: "'\(part)' is not w=SPEC or a=SPEC")
            }
            let format = try Self.format(pieces[1])
            if pieces[0] == "w" { exception.weights = .some(format) } else { exception.activations = .some(format) }
        }
        guard LinearSite.allCases.contains(where: { site in (0..<64).contains { NameMatching.glob(pattern, matches: site.name(layer: $0)) } }) else {
            throw ModelError.badOption(text, reason: "'\(pattern)' matches no site (sites are layer.{i}.\(LinearSite.allCases.map(\.rawValue).joined(separator: "|")))")
        }
        return exception
    }

    /// The operand formats at `site` (the last matching exception wins, operand by operand).
    public func operands(at site: String) -> Operands {
        var result = operands
        for exception in exceptions where NameMatching.glob(exception.pattern, matches: site) {
            if let w = exception.weights { result.weights = w }
            if let a = exception.activations { result.activations = a }
        }
        return result
    }
}
