/// The spec-string vocabulary of `Distribution`: one table row per distribution with its name,
/// parameters (canonical order), defaults and value rules. Parsing and `description` both read it.
extension Distribution {
    enum Rule {
        case finite, positive, nonNegative, count

        var text: String {
            switch self {
            case .finite: return "must be a finite number"
            case .positive: return "must be a finite number > 0"
            case .nonNegative: return "must be a finite number >= 0"
            case .count: return "must be a non-negative integer"
            }
        }

        func accepts(_ x: Double) -> Bool {
            switch self {
            case .finite: return x.isFinite
            case .positive: return x.isFinite && x > 0
            case .nonNegative: return x.isFinite && x >= 0
            case .count: return x >= 0 && x <= 0x1p52 && x == x.rounded()
            }
        }
    }

    struct Parameter {
        var name: String
        var defaultValue: Double
        var rule: Rule
    }

    struct Kind {
        var name: String
        var parameters: [Parameter]
        /// Builds the distribution from values in `parameters` order (already rule-checked).
        var make: ([Double]) -> Distribution
    }

    static let kinds: [Kind] = [
        Kind(name: "normal", parameters: [.init(name: "mean", defaultValue: 0, rule: .finite), .init(name: "std", defaultValue: 1, rule: .nonNegative)]) {
            .normal(mean: $0[0], std: $0[1])
        },
        Kind(name: "laplace", parameters: [.init(name: "loc", defaultValue: 0, rule: .finite), .init(name: "scale", defaultValue: 1, rule: .positive)]) {
            .laplace(location: $0[0], scale: $0[1])
        },
        Kind(name: "student_t", parameters: [.init(name: "nu", defaultValue: 3, rule: .positive)]) {
            .studentT(nu: $0[0])
        },
        Kind(name: "uniform", parameters: [.init(name: "low", defaultValue: -1, rule: .finite), .init(name: "high", defaultValue: 1, rule: .finite)]) {
            .uniform(low: $0[0], high: $0[1])
        },
        Kind(name: "lognormal", parameters: [.init(name: "mu", defaultValue: 0, rule: .finite), .init(name: "sigma", defaultValue: 1, rule: .nonNegative)]) {
            .logNormal(mu: $0[0], sigma: $0[1])
        },
        Kind(
            name: "outliers",
            parameters: [
                .init(name: "channels", defaultValue: 4, rule: .count), .init(name: "factor", defaultValue: 50, rule: .finite),
                .init(name: "std", defaultValue: 1, rule: .nonNegative),
            ]
        ) { .outliers(channels: Int($0[0]), factor: $0[1], std: $0[2]) },
    ]

    static var names: [String] { kinds.map(\.name) }

    /// The spec name, e.g. `student_t`.
    public var name: String {
        switch self {
        case .normal: return "normal"
        case .laplace: return "laplace"
        case .studentT: return "student_t"
        case .uniform: return "uniform"
        case .logNormal: return "lognormal"
        case .outliers: return "outliers"
        }
    }

    /// Parameter values in the table's canonical order.
    var parameterValues: [Double] {
        switch self {
        case let .normal(a, b), let .laplace(a, b), let .uniform(a, b), let .logNormal(a, b): return [a, b]
        case let .studentT(nu): return [nu]
        case let .outliers(channels, factor, std): return [Double(channels), factor, std]
        }
    }

    /// `name=value` pairs in canonical order, as `description` prints them.
    public var parameters: [(name: String, value: Double)] {
        let kind = Self.kinds.first { $0.name == name }
        return zip(kind?.parameters.map(\.name) ?? [], parameterValues).map { ($0, $1) }
    }
}
